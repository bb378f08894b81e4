import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import Store

/// An error answered in Communications Mining's envelope: `{"status":"error","message":…}`.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    /// The request field at fault, for 400s.
    public var field: String?
    /// Extra headers of the answer (`Allow` of a 405, `Retry-After` of a 503).
    public var headers: HTTPFields = [:]
    /// Seconds after which the client may try again, sent as `Retry-After` (with 503s).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// A path no route has (`allowed` empty), or one that has routes for other methods only (405 with `Allow`).
    static func noRoute(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> APIError {
        guard !allowed.isEmpty else {
            return APIError(.notFound, "no such path in this API; its operations are listed at /api/openapi.json")
        }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(.methodNotAllowed, "\(method.rawValue) is not an operation of this path; it takes \(list)",
                        headers: [.allow: list])
    }

    public static let unauthorized = APIError(
        .unauthorized, "missing or invalid API token: send Authorization: Bearer <token>"
    )

    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "\(what) not found") }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = ["status": "error", "message": message]
        if let field { body["field"] = field }
        var response = try JSONBody.response(body, status: status)
        for field in headers { response.headers.append(field) }
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// Maps what routes throw to the answer a client can act on; anything unexpected is a 500 without details.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as RequestValidationError: return APIError(.badRequest, error.description, field: error.field)
        case let error as CommentFilterError: return APIError(.badRequest, error.description, field: error.field)
        case let error as StoreError where error.isNotFound: return APIError(.notFound, error.description)
        case let error as StoreError where error.isAlreadyExists: return APIError(.conflict, error.description)
        case let error as StoreError where error.isQuotaExceeded: return APIError(.forbidden, error.description)
        case let error as StoreError where error.isConflict: return APIError(.conflict, error.description)
        case let error as StoreError: return APIError(.badRequest, error.description)
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, "the request body is too large")
        case let error as HTTPParserError:
            return APIError(.badRequest, HTTPParseErrorAnswer(error, requestLineBytes: 0).message)
        case let error as HTTPError: return APIError(error.status, error.body ?? error.status.reasonPhrase)
        case let error as DecodingError: return APIError(.badRequest, JSONBody.describe(error), field: JSONBody.field(error))
        default: return APIError(.internalServerError, "internal error")
        }
    }
}
