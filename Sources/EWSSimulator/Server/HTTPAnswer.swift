/// What the HTTP layer sends back for one request; the pipeline decides, the server only writes it.
struct HTTPAnswer: Sendable {
    var status: Int
    var contentType: String?
    /// `WWW-Authenticate` values, one header line each, in order.
    var wwwAuthenticate: [String] = []
    /// `Retry-After`, in seconds.
    var retryAfter: Int?
    var body: [UInt8]
    /// Close the connection without answering (an injected ``InjectedFailure/dropConnection``).
    var dropsConnection = false
    /// Forget the connection's authentication (an injected ``InjectedFailure/unauthorized``).
    var resetsAuthentication = false

    static func soap(_ body: [UInt8], status: Int = 200) -> HTTPAnswer {
        HTTPAnswer(status: status, contentType: "text/xml; charset=utf-8", body: body)
    }

    static func unauthorized(_ offers: [String]) -> HTTPAnswer {
        HTTPAnswer(
            status: 401, contentType: "text/html", wwwAuthenticate: offers,
            body: Array("401 - Unauthorized: Access is denied due to invalid credentials.".utf8)
        )
    }

    static let dropped = HTTPAnswer(status: 500, body: [], dropsConnection: true)
}
