import Foundation

/// One POST to a token endpoint, as the caller's HTTP client sends it.
public struct TokenEndpointRequest: Sendable {
    public var url: URL
    /// `Content-Type` and `Accept`.
    public var headers: [(String, String)]
    /// The form-urlencoded body; it holds the client secret or assertion, so it's never logged.
    public var body: [UInt8]

    public init(url: URL, headers: [(String, String)], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The token endpoint's answer, whatever its status.
public struct TokenEndpointResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// Carries one token request over HTTP and returns the answer, any status. Throws only when no answer came
/// (connection refused, TLS failure, timeout): then `MailSourceError(.transient)` or `.configuration` for TLS
/// settings that can't work.
public typealias TokenEndpointTransport = @Sendable (TokenEndpointRequest) async throws -> TokenEndpointResponse
