import Foundation

/// An error answer of the simulated token endpoint, in Entra ID's shape: `error`, `error_description` starting
/// with `AADSTSnnnnnnn: ` and ending with the trace and correlation ids and timestamp, `error_codes`, `timestamp`,
/// `trace_id`, `correlation_id`, `error_uri`; HTTP 401 for `invalid_client`, 400 otherwise.
struct EntraError: Error {
    enum Kind: String {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
    }

    var kind: Kind
    var code: Int
    var message: String

    init(_ kind: Kind, _ code: Int, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    func answer(now: Date) -> HTTPAnswer {
        Self.answer(status: kind == .invalidClient ? 401 : 400, error: kind.rawValue, code: code, message: message,
                    now: now)
    }

    static func answer(status: Int, error: String, code: Int, message: String, now: Date) -> HTTPAnswer {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        let timestamp = formatter.string(from: now)
        let trace = UUID().uuidString.lowercased(), correlation = UUID().uuidString.lowercased()
        let body: [String: Any] = [
            "error": error,
            "error_description": "AADSTS\(code): \(message)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(correlation)"
                + "\r\nTimestamp: \(timestamp)",
            "error_codes": [code],
            "timestamp": timestamp,
            "trace_id": trace,
            "correlation_id": correlation,
            "error_uri": "https://login.microsoftonline.com/error?code=\(code)",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return HTTPAnswer(status: status, contentType: "application/json; charset=utf-8", body: Array(data))
    }
}
