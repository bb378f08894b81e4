import Domain
import Foundation
import MicrosoftIdentity

/// Answers `POST /{tenant}/oauth2/v2.0/token` with the client credentials grant as Entra ID does for Microsoft
/// Graph: a Bearer token for a registered app with a valid secret or client assertion and the scope
/// `<graph host>/.default` of any cloud (learn.microsoft.com/graph/deployments), or an error in Entra's JSON shape.
/// No I/O: the server passes the form and writes the answer.
struct TokenIssuer {
    /// The app-only scopes Entra ID accepts for Graph: each national cloud's Graph host, and Graph's app id.
    static let graphScopes: Set<String> = [
        "https://graph.microsoft.com/.default", "https://graph.microsoft.us/.default",
        "https://dod-graph.microsoft.us/.default", "https://microsoftgraph.chinacloudapi.cn/.default",
        "00000003-0000-0000-c000-000000000000/.default",
    ]
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// `expires_in` of the tokens, in seconds.
    let lifetime: Int

    /// - Parameters:
    ///   - audiences: the URLs an assertion's `aud` may name (this endpoint, with the tenant as named or as GUID).
    ///   - newToken: makes the access token for a client id and tenant id.
    func answer(
        tenant: String, body: [UInt8], audiences: [String], now: Date,
        newToken: (String, String, Date) -> String, state: inout IdentityState
    ) -> GraphAnswer {
        let form = FormURLEncoding.decode(String(decoding: body, as: UTF8.self)) ?? []
        func field(_ name: String) -> String? { form.first { $0.0 == name }?.1 }
        let credential: GraphTokenRequest.Credential =
            field("client_secret") != nil ? .secret : field("client_assertion") != nil ? .assertion : .none
        var record = GraphTokenRequest(
            tenant: tenant, clientID: field("client_id"), scope: field("scope"),
            credential: credential, status: 200)
        var answer: GraphAnswer
        if !state.failures.isEmpty {
            let transient = EntraErrorBody(
                .temporarilyUnavailable, 90033,
                "A transient error has occurred. Please try again.")
            switch state.failures.removeFirst() {
            case .serviceUnavailable:
                answer = transient.answer(now: now, status: 503)
            case .throttled(let seconds):
                answer = transient.answer(now: now, status: 429)
                answer.headers.append(("Retry-After", String(seconds)))
            }
            record.errorCode = 90033
        } else {
            do throws(EntraErrorBody) {
                answer = try issue(
                    tenant: tenant, field: field, audiences: audiences, now: now, newToken: newToken,
                    state: &state)
            } catch {
                record.errorCode = error.code
                answer = error.answer(now: now)
            }
        }
        record.status = answer.status
        state.requests.append(record)
        return answer
    }

    private func issue(
        tenant: String, field: (String) -> String?, audiences: [String], now: Date,
        newToken: (String, String, Date) -> String,
        state: inout IdentityState
    ) throws(EntraErrorBody) -> GraphAnswer {
        guard state.knowsTenant(tenant) else {
            throw EntraErrorBody(
                .invalidRequest, 90002,
                "Tenant '\(tenant)' not found. Check to make sure you have "
                    + "the correct tenant ID and are signing into the correct cloud.")
        }
        guard field("grant_type") == "client_credentials" else {
            throw EntraErrorBody(.unsupportedGrantType, 70003, "The app requested an unsupported grant type.")
        }
        guard let clientID = field("client_id"), !clientID.isEmpty else {
            throw EntraErrorBody(
                .invalidRequest, 900_144,
                "The request body must contain the following parameter: "
                    + "'client_id'.")
        }
        guard let index = state.applicationIndex(tenant: tenant, clientID: clientID) else {
            throw EntraErrorBody(
                .unauthorizedClient, 700_016,
                "Application with identifier '\(clientID)' was not "
                    + "found in the directory '\(tenant)'. This can happen if the application has not "
                    + "been installed by the administrator of the tenant or consented to by any user in "
                    + "the tenant. You may have sent your authentication request to the wrong tenant.")
        }
        let application = state.applications[index]
        guard application.enabled else {
            throw EntraErrorBody(
                .unauthorizedClient, 7_000_112,
                "Application '\(clientID)'(\(application.displayName)) "
                    + "is disabled.")
        }
        guard let scope = field("scope"), Self.graphScopes.contains(scope) else {
            throw EntraErrorBody(
                .invalidScope, 1_002_012,
                "The provided value for scope \(field("scope") ?? "") is "
                    + "not valid. Client credential flows must have a scope value with /.default "
                    + "suffixed to the resource identifier (application ID URI).")
        }
        if let secret = field("client_secret") {
            guard let match = application.secrets.first(where: { $0.value == secret }) else {
                throw EntraErrorBody(
                    .invalidClient, 7_000_215,
                    "Invalid client secret provided. Ensure the secret "
                        + "being sent in the request is the client secret value, not the client secret "
                        + "ID, for a secret added to app '\(clientID)'.")
            }
            if let expires = match.expires, expires <= now {
                throw EntraErrorBody(
                    .invalidClient, 7_000_222,
                    "The provided client secret keys for app "
                        + "'\(clientID)' are expired. Visit the Azure portal to create new keys for "
                        + "your app: https://aka.ms/NewClientSecret, or consider using certificate "
                        + "credentials for added security: https://aka.ms/certCreds.")
            }
        } else if let assertion = field("client_assertion") {
            guard field("client_assertion_type") == Self.assertionType else {
                throw EntraErrorBody(.invalidRequest, 50027, "Invalid client_assertion_type.")
            }
            var lastRefusal: EntraErrorBody?
            for audience in audiences {
                do throws(EntraErrorBody) {
                    try ClientAssertionCheck(
                        certificatePEM: application.certificatePEM, clientID: clientID,
                        audience: audience
                    ).verify(assertion, now: now)
                    lastRefusal = nil
                    break
                } catch {
                    lastRefusal = error
                    if error.code != 700_023 { break }
                }
            }
            if let lastRefusal { throw lastRefusal }
        } else {
            throw EntraErrorBody(
                .invalidClient, 7_000_218,
                "The request body must contain the following parameter: "
                    + "'client_assertion' or 'client_secret'.")
        }
        let expires = now.addingTimeInterval(TimeInterval(lifetime))
        let token = newToken(application.clientID, application.tenantID, expires)
        state.issued[token] = IdentityState.IssuedToken(clientID: application.clientID, expires: expires)
        let body = JSONValue.object([
            ("token_type", .string("Bearer")), ("expires_in", .int(lifetime)), ("ext_expires_in", .int(lifetime)),
            ("access_token", .string(token)),
        ])
        return GraphAnswer(
            status: 200,
            headers: [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Cache-Control", "no-store, no-cache"),
            ], body: body.encoded)
    }

    /// A JWT-shaped app-only token like Entra's for Graph (`aud` Graph, `roles` Mail.Read, `idtyp` app), signed
    /// with random bytes: clients must treat access tokens as opaque, and the simulator checks them by lookup.
    static func makeToken(clientID: String, tenantID: String, expires: Date, now: Date) -> String {
        let header = JSONValue.object([
            ("typ", .string("JWT")), ("alg", .string("RS256")),
            ("kid", .string("graph-simulator")),
        ])
        let issued = Int(now.timeIntervalSince1970)
        let claims = JSONValue.object([
            ("aud", .string("https://graph.microsoft.com")),
            ("iss", .string("https://sts.windows.net/\(tenantID)/")),
            ("iat", .int(issued)), ("nbf", .int(issued)), ("exp", .int(Int(expires.timeIntervalSince1970))),
            ("app_displayname", .string("Mailstream")), ("appid", .string(clientID)), ("idtyp", .string("app")),
            ("roles", .array([.string("Mail.Read")])), ("tid", .string(tenantID)),
            ("uti", .string(Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) }))),
            ("ver", .string("1.0")),
        ])
        let signature = (0..<256).map { _ in UInt8.random(in: 0...255) }
        return Base64URL.encode(header.encoded) + "." + Base64URL.encode(claims.encoded) + "."
            + Base64URL.encode(signature)
    }
}
