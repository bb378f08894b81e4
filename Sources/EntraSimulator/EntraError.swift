import Foundation

/// An error of the simulated token endpoint in Entra ID's shape: `error`, `error_description` starting with
/// `AADSTSnnnnnnn: ` and going on with "\r\n"-separated trace id, correlation id and timestamp lines, as the real
/// service writes them, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`; HTTP 401 for
/// `invalid_client`, 400 otherwise (learn.microsoft.com/entra/identity-platform/reference-error-codes).
public struct EntraError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        case temporarilyUnavailable = "temporarily_unavailable"
    }

    public var kind: Kind
    public var code: Int
    public var message: String

    public init(_ kind: Kind, _ code: Int, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// AADSTS90002, for the token endpoint and the discovery document alike.
    public static func tenantNotFound(_ tenant: String) -> EntraError {
        EntraError(.invalidRequest, 90002, "Tenant '\(tenant)' not found. Check to make sure you have the correct "
            + "tenant ID and are signing into the correct cloud.")
    }

    /// The answer, with `status` instead of the kind's when given (503 and 429 for transient errors).
    public func answer(now: Date, status: Int? = nil) -> EntraAnswer {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let timestamp = formatter.string(from: now)
        let trace = UUID().uuidString.lowercased(), correlation = UUID().uuidString.lowercased()
        return .json([
            "error": kind.rawValue,
            "error_description": "AADSTS\(code): \(message)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(correlation)"
                + "\r\nTimestamp: \(timestamp)",
            "error_codes": [code],
            "timestamp": timestamp,
            "trace_id": trace,
            "correlation_id": correlation,
            "error_uri": "https://login.microsoftonline.com/error?code=\(code)",
        ], status: status ?? (kind == .invalidClient ? 401 : 400))
    }
}
