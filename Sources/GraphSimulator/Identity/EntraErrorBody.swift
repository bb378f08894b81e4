import Foundation

/// An error of the simulated token endpoint in Entra ID's shape: `error`, `error_description` starting with
/// `AADSTSnnnnnnn: ` and ending with trace id, correlation id and timestamp, `error_codes`, `timestamp`,
/// `trace_id`, `correlation_id`, `error_uri`; HTTP 401 for `invalid_client`, 400 otherwise
/// (learn.microsoft.com/entra/identity-platform/reference-error-codes).
struct EntraErrorBody: Error, Sendable {
    enum Kind: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
        case temporarilyUnavailable = "temporarily_unavailable"
    }

    var kind: Kind
    var code: Int
    var message: String

    init(_ kind: Kind, _ code: Int, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    func answer(now: Date, status: Int? = nil) -> GraphAnswer {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let timestamp = formatter.string(from: now)
        let trace = UUID().uuidString.lowercased()
        let correlation = UUID().uuidString.lowercased()
        let body = JSONValue.object([
            ("error", .string(kind.rawValue)),
            (
                "error_description",
                .string(
                    "AADSTS\(code): \(message) Trace ID: \(trace) Correlation ID: "
                        + "\(correlation) Timestamp: \(timestamp)")
            ),
            ("error_codes", .array([.int(code)])),
            ("timestamp", .string(timestamp)),
            ("trace_id", .string(trace)),
            ("correlation_id", .string(correlation)),
            ("error_uri", .string("https://login.microsoftonline.com/error?code=\(code)")),
        ])
        return GraphAnswer(
            status: status ?? (kind == .invalidClient ? 401 : 400),
            headers: [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Cache-Control", "no-store, no-cache"),
            ],
            body: body.encoded)
    }
}
