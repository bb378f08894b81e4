import EntraSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Synchronization

extension GraphSimulator {
    // Registered names: these initializers only fail for names with characters a header name can't have.
    static let preferHeader = HTTPField.Name("Prefer")!
    static let clientRequestIDHeader = HTTPField.Name("client-request-id")!

    func graphRouter() -> Router<GraphRequestContext> {
        let router = Router(context: GraphRequestContext.self)
        router.post("/{tenant}/oauth2/v2.0/token") { [self] request, context in
            try await respondToTokenRequest(request, context: context)
        }
        router.get("/{tenant}/v2.0/.well-known/openid-configuration") { [self] request, context in
            openIDConfiguration(request, tenant: context.parameters.get("tenant") ?? "")
        }
        let graph: @Sendable (Request, GraphRequestContext) async throws -> Response = { [self] request, context in
            try await respondToGraph(request, context: context)
        }
        for method in [HTTPRequest.Method.get, .post, .patch, .delete] {
            router.on("/v1.0/**", method: method, use: graph)
        }
        return router
    }

    /// `POST /{tenant}/oauth2/v2.0/token` (``EntraTokenIssuer``).
    private func respondToTokenRequest(_ request: Request, context: GraphRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1024 * 1024)
        let tenant = context.parameters.get("tenant") ?? ""
        let origin = origin(of: request)
        let issuer = EntraTokenIssuer(lifetime: configuration.tokenLifetime, scopes: GraphAccessToken.scopes)
        let now = Date()
        let answer = state.withLock { state in
            var audiences = ["\(origin)/\(tenant)/oauth2/v2.0/token"]
            if let id = state.identity.tenantID(tenant), id != tenant {
                audiences.append("\(origin)/\(id)/oauth2/v2.0/token")
            }
            return issuer.answer(
                tenant: tenant, body: Array(buffer: body), audiences: audiences, now: now,
                newToken: { GraphAccessToken.make(clientID: $0, tenantID: $1, expires: $2, now: now) },
                state: &state.identity)
        }
        return Self.response(GraphAnswer(answer))
    }

    /// The OpenID Connect discovery document MSAL reads before asking for a token (`{authority}/{tenant}/v2.0/
    /// .well-known/openid-configuration`), pointing at this server; unknown tenants get AADSTS90002.
    private func openIDConfiguration(_ request: Request, tenant: String) -> Response {
        let origin = origin(of: request)
        guard let tenantID = state.withLock({ $0.identity.tenantID(tenant) }) else {
            return Self.response(GraphAnswer(EntraError.tenantNotFound(tenant).answer(now: Date())))
        }
        let base = "\(origin)/\(tenantID)"
        let document = JSONValue.object([
            ("token_endpoint", .string("\(base)/oauth2/v2.0/token")),
            (
                "token_endpoint_auth_methods_supported",
                .array(
                    [
                        "client_secret_post", "private_key_jwt",
                        "client_secret_basic",
                    ].map(JSONValue.string))
            ),
            ("jwks_uri", .string("\(origin)/\(tenantID)/discovery/v2.0/keys")),
            ("response_modes_supported", .array(["query", "fragment", "form_post"].map(JSONValue.string))),
            ("subject_types_supported", .array([.string("pairwise")])),
            ("id_token_signing_alg_values_supported", .array([.string("RS256")])),
            (
                "response_types_supported",
                .array(
                    ["code", "id_token", "code id_token", "id_token token"]
                        .map(JSONValue.string))
            ),
            ("scopes_supported", .array(["openid", "profile", "email", "offline_access"].map(JSONValue.string))),
            ("issuer", .string("\(base)/v2.0")),
            ("request_uri_parameter_supported", .bool(false)),
            ("userinfo_endpoint", .string("https://graph.microsoft.com/oidc/userinfo")),
            ("authorization_endpoint", .string("\(base)/oauth2/v2.0/authorize")),
            ("device_authorization_endpoint", .string("\(base)/oauth2/v2.0/devicecode")),
            ("http_logout_supported", .bool(true)),
            ("frontchannel_logout_supported", .bool(true)),
            ("end_session_endpoint", .string("\(base)/oauth2/v2.0/logout")),
            ("claims_supported", .array(["sub", "iss", "aud", "exp", "iat", "tid"].map(JSONValue.string))),
            ("tenant_region_scope", .string("EU")),
            ("cloud_instance_name", .string("microsoftonline.com")),
            ("cloud_graph_host_name", .string("graph.windows.net")),
            ("msgraph_host", .string("graph.microsoft.com")),
            ("rbac_url", .string("https://pas.windows.net")),
        ])
        return Self.response(
            GraphAnswer(
                status: 200, headers: [("Content-Type", "application/json; charset=utf-8")],
                body: document.encoded))
    }

    /// Every `/v1.0/…` request: admission under the lock, the configured delay with the concurrency slot held, then
    /// the endpoint, and the slot given back whatever happens.
    private func respondToGraph(_ request: Request, context: GraphRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let head = GraphRequestHead(
            method: request.method.rawValue, rawPath: request.uri.path, query: request.uri.query,
            authorization: request.headers[.authorization],
            prefer: request.headers[values: Self.preferHeader],
            clientRequestID: request.headers[Self.clientRequestIDHeader], origin: origin(of: request))
        let now = Date()
        let requestID = UUID().uuidString.lowercased()
        let door = GraphFrontDoor(configuration: configuration)
        let (admission, delay) = state.withLock { state in
            (door.admit(head, state: &state, now: now, requestID: requestID), state.responseDelay)
        }
        let answer: GraphAnswer
        let clientID: String?
        switch admission {
        case .answer(let immediate, let client):
            answer = immediate
            clientID = client
        case .proceed(let ticket):
            clientID = ticket.clientID
            defer {
                if let key = ticket.gateKey { state.withLock { $0.inFlight[key, default: 1] -= 1 } }
            }
            if delay > .zero { try? await Task.sleep(for: delay) }
            answer = await execute(ticket, body: Array(buffer: body), requestID: requestID)
        }
        state.withLock { state in
            state.requests.append(
                GraphRequestRecord(
                    method: head.method, target: head.target,
                    endpoint: GraphRoute(path: String(head.rawPath.dropFirst(5)))?
                        .endpoint,
                    status: answer.dropsConnection ? 0 : answer.status,
                    clientID: clientID))
        }
        if answer.dropsConnection {
            try? await context.channel.close()
            throw HTTPError(.internalServerError)
        }
        return Self.response(answer, requestID: requestID)
    }

    private func execute(_ ticket: GraphTicket, body: [UInt8], requestID: String) async -> GraphAnswer {
        let now = Date()
        let result: Result<GraphAnswer, GraphError>
        switch ticket.route {
        case .subscriptions, .subscription, .reauthorize:
            result = await subscriptionAnswer(ticket, body: body, now: now)
        default:
            result = state.withLock { GraphReader(ticket: ticket, state: $0, now: now).answer() }
        }
        switch result {
        case .success(let answer): return answer
        case .failure(let error):
            return .error(error, now: now, requestID: requestID, clientRequestID: ticket.head.clientRequestID)
        }
    }
}
