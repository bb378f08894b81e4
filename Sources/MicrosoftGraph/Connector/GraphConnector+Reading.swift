import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity

extension GraphConnector {
    /// Reads a Graph connection in either shape. Communications Mining's `application` object wins over the flat
    /// keys it stands for; secrets left out of an edit keep their stored values.
    public func settings(from input: [String: JSONValue], previous: ConnectionSettings?) throws(ConnectionProblem)
        -> ConnectionSettings {
        var reader = ConnectionReader(input)
        let base = try reader.string("graph_base_url", limit: TextLimit(minimum: 1, maximum: 2_048))
        if let base { try Self.checkBaseURL(base) }
        let tls = try TLSOptions(reading: &reader)
        if var api = try reader.object("microsoft_api") {
            if try api.choice("kind", among: ["ews", "graph"]) == "ews" {
                throw ConnectionProblem("microsoft_api.kind", "is ews, but this integration's type is graph")
            }
            try api.checkNoOtherKeys(known: ["kind"])
        }
        if var access = try reader.object("access") {
            if try access.choice("kind", among: ["user_access", "app_access"]) == "user_access" {
                throw ConnectionProblem("access.kind", "must be app_access: Graph syncs with the application's own "
                    + "Mail.Read permission, not a user's login")
            }
            try access.checkNoOtherKeys(known: ["kind"])
        }
        var application: EntraApplicationSettings
        if var object = try reader.object("application") {
            guard try object.choice("kind", among: ["custom"]) != nil else {
                throw .required("application.kind", "custom (an Entra ID application)")
            }
            // As in the product, the secret may come in a later request.
            application = try EntraApplicationSettings(reading: &object, previous: previous,
                                                       requireCredential: false)
            try object.checkNoOtherKeys(known: ["kind"] + EntraApplicationSettings.publicKeys
                                        + EntraApplicationSettings.secretKeys)
            // Communications Mining gives `cloud` beside the application, and answers show the flat keys beside it
            // too (a client may send an answer back): they fill what the object leaves out, and may not contradict it.
            if let cloud = try reader.choice("cloud", among: AzureCloud.all.map(\.name)) {
                if let inner = application.cloud, inner != cloud {
                    throw ConnectionProblem("cloud", "is \(cloud), but application.cloud is \(inner)")
                }
                application.cloud = cloud
            }
            let paths: [(String, WritableKeyPath<EntraApplicationSettings, String?>)] = [
                ("authority_host", \.authorityHost), ("client_certificate", \.clientCertificate),
                ("client_secret", \.clientSecret), ("client_private_key", \.clientPrivateKey),
            ]
            for (key, path) in paths {
                guard let flat = try reader.string(key, limit: TextLimit(minimum: 1, maximum: 65_536,
                                                                         multiline: true)) else { continue }
                if let inner = application[keyPath: path], inner != flat {
                    throw ConnectionProblem(key, "differs from application.\(key)")
                }
                application[keyPath: path] = flat
            }
            for (key, value) in [("tenant_id", application.tenantID), ("client_id", application.clientID)] {
                if let flat = try reader.string(key, limit: TextLimit(minimum: 1, maximum: 256)), flat != value {
                    throw ConnectionProblem(key, "is \(flat), but application.\(key) is \(value)")
                }
            }
        } else {
            application = try EntraApplicationSettings(reading: &reader, previous: previous)
        }
        try reader.checkNoOtherKeys(ignoring: answerOnlyKeys, known: publicKeys + secretKeys
                                    + ["access", "application", "microsoft_api"])
        return GraphConnection(application: application, graphBaseURL: base, tls: tls).settings
    }

    /// An absolute https URL without query (http only for the loopback interface: tokens cross it).
    static func checkBaseURL(_ text: String) throws(ConnectionProblem) {
        let settings = GraphSourceSettings(application: EntraApplicationSettings(tenantID: "t", clientID: "c"),
                                           graphBaseURL: text, mailbox: "")
        do {
            _ = try settings.baseURL()
        } catch {
            throw ConnectionProblem("graph_base_url", "must be an absolute https URL such as "
                + "https://graph.microsoft.com/v1.0 (http only for localhost)")
        }
    }
}
