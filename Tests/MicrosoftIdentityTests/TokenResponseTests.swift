import Domain
import Foundation
import MicrosoftIdentity
import Testing

@Suite struct TokenResponseTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    static func entra(_ status: Int, _ error: String, _ code: Int, _ message: String = "Something.")
        -> TokenEndpointResponse {
        let json = """
            {"error":"\(error)","error_description":"AADSTS\(code): \(message)\\r\\nTrace ID: 0000aaaa\\r\\n\
            Correlation ID: bbbb1111\\r\\nTimestamp: 2025-01-06 10:15:00Z","error_codes":[\(code)],\
            "timestamp":"2025-01-06 10:15:00Z","trace_id":"0000aaaa","correlation_id":"bbbb1111"}
            """
        return TokenEndpointResponse(status: status, headers: [("Content-Type", "application/json")],
                                     body: Array(json.utf8))
    }

    @Test func successGivesTheTokenAndItsExpiry() throws {
        let body = #"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0.x.y"}"#
        let token = try TokenResponse.parse(TokenEndpointResponse(status: 200, body: Array(body.utf8)), receivedAt: now)
        #expect(token.value == "eyJ0.x.y")
        #expect(token.expiresAt == now.addingTimeInterval(3599))
        #expect(!token.description.contains("eyJ0"))
    }

    @Test func expiresInAsAStringIsRead() throws {
        let body = #"{"token_type":"Bearer","expires_in":"600","access_token":"t"}"#
        let token = try TokenResponse.parse(TokenEndpointResponse(status: 200, body: Array(body.utf8)), receivedAt: now)
        #expect(token.expiresAt == now.addingTimeInterval(600))
    }

    @Test func aSuccessWithoutATokenIsAConfigurationError() {
        let error = #expect(throws: MailSourceError.self) {
            try TokenResponse.parse(TokenEndpointResponse(status: 200, body: Array("<html/>".utf8)), receivedAt: now)
        }
        #expect(error?.kind == .configuration)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var error: String
        var code: Int
        var kind: MailSourceError.Kind
        var advice: String
        var testDescription: String { "AADSTS\(code)" }
    }

    /// Each code Entra ID answers a client credentials request with, as the engine must treat it.
    @Test(arguments: [
        Case(status: 401, error: "invalid_client", code: 7_000_215, kind: .authentication, advice: "secret is wrong"),
        Case(status: 401, error: "invalid_client", code: 7_000_222, kind: .authentication,
             advice: "client secret has expired: create a new one in Entra ID and update the integration"),
        Case(status: 400, error: "unauthorized_client", code: 700_016, kind: .authentication,
             advice: "application was not found"),
        Case(status: 400, error: "unauthorized_client", code: 7_000_112, kind: .authentication, advice: "disabled"),
        Case(status: 400, error: "invalid_request", code: 90002, kind: .authentication, advice: "tenant was not found"),
        Case(status: 401, error: "invalid_client", code: 700_027, kind: .authentication, advice: "signature"),
        Case(status: 401, error: "invalid_client", code: 700_024, kind: .authentication, advice: "clock"),
        Case(status: 401, error: "invalid_client", code: 700_021, kind: .authentication, advice: "client_id"),
        Case(status: 401, error: "invalid_client", code: 700_023, kind: .authentication, advice: "audience"),
        Case(status: 400, error: "invalid_scope", code: 70011, kind: .configuration, advice: "scope"),
        Case(status: 401, error: "invalid_client", code: 7_000_218, kind: .configuration, advice: "client_secret"),
        // Codes this client doesn't know fall back on the OAuth error.
        Case(status: 401, error: "invalid_client", code: 1_234_567, kind: .authentication, advice: "credentials"),
        Case(status: 400, error: "unauthorized_client", code: 1_234_568, kind: .authentication, advice: "credentials"),
        Case(status: 400, error: "invalid_request", code: 1_234_569, kind: .configuration, advice: "invalid_request"),
    ])
    func errorsAreClassifiedAndNamed(_ test: Case) {
        let error = TokenResponse.error(for: Self.entra(test.status, test.error, test.code), now: now)
        #expect(error.kind == test.kind)
        #expect(error.summary.hasPrefix("AADSTS\(test.code): "))
        #expect(error.summary.contains(test.advice))
        #expect(error.detail.contains("HTTP \(test.status)"))
        #expect(!error.detail.contains("Trace ID"))
    }

    @Test func theCodeIsReadFromTheDescriptionWithoutErrorCodes() {
        let body = #"{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys "#
            + #"are expired."}"#
        let error = TokenResponse.error(for: TokenEndpointResponse(status: 401, body: Array(body.utf8)))
        #expect(error.summary.hasPrefix("AADSTS7000222: the client secret has expired"))
    }

    @Test func throttlingAndOutagesAreTransientWithRetryAfter() {
        let throttled = TokenResponse.error(for: TokenEndpointResponse(
            status: 429, headers: [("retry-after", "17")], body: Array("{}".utf8)), now: now)
        #expect(throttled.kind == .transient(retryAfter: .seconds(17)))
        let unavailable = TokenResponse.error(for: Self.entra(503, "temporarily_unavailable", 90033), now: now)
        #expect(unavailable.kind == .transient(retryAfter: nil))
        let html = TokenResponse.error(for: TokenEndpointResponse(status: 502, body: Array("<html/>".utf8)), now: now)
        #expect(html.kind == .transient(retryAfter: nil))
        let dated = TokenResponse.error(for: TokenEndpointResponse(
            status: 503, headers: [("Retry-After", "Sun, 15 Jun 2025 15:07:00 GMT")], body: []),
            now: Date(timeIntervalSince1970: 1_750_000_000))
        #expect(dated.kind == .transient(retryAfter: .seconds(20)))
    }

    @Test func otherClientErrorsAreConfiguration() {
        let error = TokenResponse.error(for: TokenEndpointResponse(status: 404, body: Array("Not Found".utf8)))
        #expect(error.kind == .configuration)
    }
}
