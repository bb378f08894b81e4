import Foundation

/// An error answer in Graph's shape (learn.microsoft.com/graph/errors): `{"error": {"code", "message",
/// "innerError": {"date", "request-id", "client-request-id"}}}`, with the HTTP status and, for throttling,
/// `Retry-After`.
struct GraphError: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    /// Seconds, possibly fractional (Graph's throttling sample says `2.128`).
    var retryAfter: Double?
    /// `innerError.code` and `innerError.message`, which some workloads fill with the real reason.
    var innerCode: String?
    var innerMessage: String?

    init(_ status: Int, _ code: String, _ message: String, retryAfter: Double? = nil, innerCode: String? = nil,
         innerMessage: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.innerCode = innerCode
        self.innerMessage = innerMessage
    }

    func body(now: Date, requestID: String, clientRequestID: String?) -> JSONValue {
        let date = String(GraphDate.format(now).dropLast())
        return .object([
            (
                "error",
                .object([
                    ("code", .string(code)), ("message", .string(message)),
                    (
                        "innerError",
                        .object(
                            (innerCode.map { [("code", JSONValue.string($0))] } ?? [])
                                + (innerMessage.map { [("message", JSONValue.string($0))] } ?? []) + [
                                    ("date", .string(date)), ("request-id", .string(requestID)),
                                    ("client-request-id", .string(clientRequestID ?? requestID)),
                                ])
                    ),
                ])
            )
        ])
    }

    // The errors Exchange Online's Graph endpoints give, each as seen in the wild (Microsoft's docs, corso's
    // graph/errors.go, the SDKs' issue trackers).

    static let missingToken = GraphError(401, "InvalidAuthenticationToken", "Access token is empty.")
    static let expiredToken = GraphError(
        401, "InvalidAuthenticationToken",
        "Lifetime validation failed, the token is expired.")
    static let unknownToken = GraphError(401, "InvalidAuthenticationToken", "Access token validation failure.")
    static let invalidToken = GraphError(
        401, "InvalidAuthenticationToken",
        "IDX14100: JWT is not well formed, there are no dots (.).")
    static func throttled(retryAfter: Double) -> GraphError {
        GraphError(
            429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.",
            retryAfter: retryAfter)
    }
    static func unavailable(retryAfter: Double?) -> GraphError {
        GraphError(503, "ServiceUnavailable", "Service Unavailable, please retry later.", retryAfter: retryAfter)
    }
    static let gatewayTimeout = GraphError(504, "UnknownError", "")
    static let itemNotFound = GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")
    static let accessDenied = GraphError(403, "ErrorAccessDenied", "Access to OData is disabled.")
    static let mailboxNotEnabled = GraphError(
        404, "MailboxNotEnabledForRESTAPI",
        "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
    static let resourceNotFound = GraphError(404, "ResourceNotFound", "Resource could not be discovered.")
    static func invalidUser(_ user: String) -> GraphError {
        GraphError(404, "ErrorInvalidUser", "The requested user '\(user)' is invalid.")
    }
    static let syncStateNotFound = GraphError(
        410, "SyncStateNotFound",
        "The sync state generation is not found; generation=0;[highest=1][1].")
    static let resyncRequired = GraphError(
        410, "resyncRequired",
        "The delta token is no longer valid, and the app must reset the sync state.")
    static let syncStateInvalid = GraphError(410, "SyncStateInvalid", "The sync state is invalid.")
    static let meWithoutUser = GraphError(
        400, "BadRequest",
        "/me request is only valid with delegated authentication flow.")
    static func unsupportedSegment(_ path: String) -> GraphError {
        GraphError(400, "BadRequest", "Resource not found for the segment '\(path)'.")
    }
    static func unknownProperty(_ name: String, type: String) -> GraphError {
        GraphError(400, "RequestBroker--ParseUri", "Could not find a property named '\(name)' on type '\(type)'.")
    }
    static func unsupportedQueryOption(_ name: String) -> GraphError {
        GraphError(
            400, "BadRequest",
            "Query option '\(name)' is not allowed. To allow it, set the "
                + "'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.")
    }
    static let methodNotAllowed = GraphError(
        405, "Request_BadRequest",
        "Specified HTTP method is not allowed for the "
            + "request target.")
    static let referenceAttachmentValue = GraphError(
        405, "ErrorInvalidRequest",
        "The $value of a reference attachment can't be read.")
}
