import Foundation

/// What the HTTP layer sends back for one request; the handlers decide, the server only writes it.
struct GraphAnswer: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Close the connection without answering (an injected ``GraphFailure/dropConnection``).
    var dropsConnection = false

    static func json(_ value: JSONValue, status: Int = 200, headers: [(String, String)] = []) -> GraphAnswer {
        GraphAnswer(
            status: status,
            headers: [
                (
                    "Content-Type",
                    "application/json; odata.metadata=minimal; "
                        + "odata.streaming=true; IEEE754Compatible=false; charset=utf-8"
                )
            ]
                + headers, body: value.encoded)
    }

    static func error(_ error: GraphError, now: Date, requestID: String, clientRequestID: String?) -> GraphAnswer {
        var headers: [(String, String)] = []
        if let retryAfter = error.retryAfter { headers.append(("Retry-After", Self.seconds(retryAfter))) }
        if error.status == 401 {
            headers.append(
                (
                    "WWW-Authenticate",
                    "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline"
                        + ".com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\""
                ))
        }
        return .json(
            error.body(now: now, requestID: requestID, clientRequestID: clientRequestID),
            status: error.status, headers: headers)
    }

    static let dropped = GraphAnswer(status: 500, dropsConnection: true)

    /// `2`, or `2.128`: whole seconds without a fraction.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
