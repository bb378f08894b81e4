import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity

extension EWSConnector {
    /// Reads an EWS connection in either shape. Communications Mining's objects win over the flat keys they stand
    /// for; secrets left out of an edit keep their stored values.
    public func settings(from input: [String: JSONValue], previous: ConnectionSettings?) throws(ConnectionProblem)
        -> ConnectionSettings {
        var reader = ConnectionReader(input)
        guard let endpointText = try reader.string("ews_endpoint", limit: TextLimit(minimum: 1, maximum: 2_048)) else {
            throw .required("ews_endpoint", "the https URL of Exchange.asmx")
        }
        let endpoint = try Self.endpoint(endpointText)
        var authentication = try reader.choice("authentication", among: EWSConnection.Authentication.allCases.map(\.rawValue))
            .flatMap(EWSConnection.Authentication.init(rawValue:))
        var username = try reader.string("username", limit: TextLimit(minimum: 1, maximum: 320))
        var password = try reader.string("password", limit: TextLimit(minimum: 1, maximum: 1_024))
        var accessToken = try reader.string("access_token", limit: TextLimit(minimum: 1, maximum: 16_384))
        var accessType = try reader.choice("access_type", among: EWSConnection.AccessType.allCases.map(\.rawValue))
            .flatMap(EWSConnection.AccessType.init(rawValue:))
        let versionName = try reader.string("server_version", limit: TextLimit(minimum: 1, maximum: 64))
        let version = try versionName.map { name throws(ConnectionProblem) in
            guard let version = EWSServerVersion.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
            else {
                throw ConnectionProblem("server_version", "must be one of "
                    + EWSServerVersion.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return version
        } ?? .exchange2016
        let tls = try TLSOptions(reading: &reader)
        // Communications Mining's Exchange build, shown back as given.
        let buildVersion = try reader.string("build_version", limit: TextLimit(minimum: 1, maximum: 64))

        // Communications Mining's shape.
        if var api = try reader.object("microsoft_api") {
            let kind = try api.choice("kind", among: ["ews", "graph"])
            if kind == "graph" {
                throw ConnectionProblem("microsoft_api.kind", "is graph, but this integration's type is ews")
            }
            try api.checkNoOtherKeys(known: ["kind"])
        }
        var accessKind: String?
        if var access = try reader.object("access") {
            accessKind = try access.choice("kind", among: ["user_access", "app_access"])
            username = try access.string("username", limit: TextLimit(minimum: 1, maximum: 320)) ?? username
            password = try access.string("password", limit: TextLimit(minimum: 1, maximum: 1_024)) ?? password
            try access.checkNoOtherKeys(known: ["kind", "username", "password"])
            // Application permissions act on mailboxes by impersonation.
            if accessKind == "app_access" { accessType = .impersonation }
        }
        var application: EntraApplicationSettings?
        if var object = try reader.object("application") {
            switch try object.choice("kind", among: ["ntlm", "basic", "custom"]) {
            case "ntlm": authentication = .ntlm
            case "basic": authentication = .basic
            case "custom":
                // The app gets app-only tokens and acts on mailboxes by impersonation, whichever access the
                // client names (user_access keeps its username, the service account). As in the product, the
                // secret may come in a later request.
                authentication = .clientCredentials
                if accessType == .delegate {
                    throw ConnectionProblem("access_type", "must be impersonation with an application of kind custom")
                }
                accessType = .impersonation
                application = try EntraApplicationSettings(reading: &object, previous: previous,
                                                           requireCredential: false)
            default: throw .required("application.kind", "ntlm, basic or custom")
            }
            try object.checkNoOtherKeys(known: ["kind"] + EntraApplicationSettings.publicKeys
                                        + EntraApplicationSettings.secretKeys)
        }
        if application == nil, authentication == .clientCredentials || EntraApplicationSettings.isGiven(in: reader) {
            application = try EntraApplicationSettings(reading: &reader, previous: previous)
        }
        try reader.checkNoOtherKeys(ignoring: answerOnlyKeys, known: publicKeys + secretKeys
                                    + ["access", "application", "microsoft_api"])

        let scheme = authentication ?? (application != nil ? .clientCredentials : accessToken != nil ? .bearer : .ntlm)
        if scheme != .clientCredentials, application != nil {
            throw ConnectionProblem("authentication", "is \(scheme.rawValue), but an application is given: use "
                + "client_credentials or leave the application out")
        }
        // An edit that leaves the secrets out keeps them.
        if let previous, password == nil, accessToken == nil {
            password = previous.secret("password")
            accessToken = previous.secret("access_token")
        }
        switch scheme {
        case .ntlm, .basic:
            guard username != nil, password != nil else {
                throw ConnectionProblem(
                    authentication == nil ? "access" : username == nil ? "username" : "password",
                    "a username and password (access.kind user_access), an access token or an Entra ID application "
                        + "(application.kind custom) is required")
            }
        case .bearer:
            guard accessToken != nil else { throw .required("access_token", "the OAuth2 token to send") }
        case .clientCredentials:
            if accessType == .delegate {
                throw ConnectionProblem("access_type", "must be impersonation with client_credentials: an app-only "
                    + "token has no mailbox of its own")
            }
        }
        var settings = EWSConnection(endpoint: endpoint, authentication: scheme, username: username,
                                     password: scheme == .ntlm || scheme == .basic ? password : nil,
                                     accessToken: scheme == .bearer ? accessToken : nil, accessType: accessType,
                                     serverVersion: version, application: application, tls: tls).settings
        settings.set("build_version", buildVersion)
        return settings
    }

    /// An absolute https URL (http only for the loopback interface: the login crosses it).
    static func endpoint(_ text: String) throws(ConnectionProblem) -> URL {
        let message = "must be the https URL of Exchange.asmx (http only for localhost)"
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              let host = url.host?.lowercased(), !host.isEmpty, url.user == nil
        else { throw ConnectionProblem("ews_endpoint", message) }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ConnectionProblem("ews_endpoint", message)
        }
        return url
    }
}
