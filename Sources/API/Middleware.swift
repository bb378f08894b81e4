import Crypto
import Domain
import Foundation
import Hummingbird
import Logging
import Store

/// Outermost: gives every answer `Server-Timing` and `X-Request-Id`, turns thrown errors into the JSON error
/// envelope, and logs one line per request with its id.
struct ResponseMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let metrics: HTTPMetrics
    /// The body budget, the memory trimmer and the connections' states of a live server.
    var server: ServerState?

    func handle(_ request: Request, context: APIContext,
                next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        let requestID = request.headers[.init("X-Request-Id")!].flatMap { Self.safeID($0) }
            ?? String(UUID().uuidString.lowercased().prefix(18))
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let reservation = server?.bodyBudget.map(BodyReservation.init)
        context.bodyReservation = reservation
        defer {
            reservation?.releaseAll()
            server?.memoryTrimmer?.noteActivity()
        }
        var response: Response
        var clientGone = false
        do {
            response = try await next(request, context)
        } catch {
            clientGone = ClientDisconnect.explains(error) || server?.connections.clientLeft(context.channel) == true
            var apiError = APIError.from(error)
            // The router answers 404 for a path it lacks and for a method the path doesn't take.
            if context.endpointPath == nil || context.endpointPath == "NotFound",
               let routing = error as? HTTPError, routing.status == .notFound {
                apiError = .noRoute(request.method, allowed: context.allowedMethods)
            }
            // A refused body (503 with Retry-After) is load, not a failure.
            if apiError.status.code >= 500, apiError.retryAfter == nil, !clientGone {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            response = try apiError.response(from: request, context: context)
        }
        // A client that closed the connection, or its sending side, before its answer (a client that half-closes
        // on purpose after its request, rare with HTTP/1.1, counts too, as it does for nginx).
        clientGone = clientGone || server?.connections.clientLeft(context.channel) == true
        let elapsed = ContinuousClock.now - started
        // Counted and logged as 499 (nginx's "client closed request"), apart from errors; the answer is still
        // written, for a client that only closed its sending side.
        let status = clientGone ? HTTPResponse.Status.clientClosedRequest.code : response.status.code
        // The route template, not the path, so ids don't multiply the series; unmatched paths share one.
        metrics.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                       status: status, duration: elapsed)
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000
        response.headers[.init("Server-Timing")!] = "total;dur=\(String(format: "%.1f", milliseconds))"
        response.headers[.init("X-Request-Id")!] = requestID
        let metadata: Logger.Metadata = ["duration_ms": "\(String(format: "%.1f", milliseconds))"]
        if clientGone {
            context.logger.debug("client closed the request: \(request.method) \(request.uri.path) 499",
                                 metadata: metadata)
        } else {
            context.logger.info("\(request.method) \(request.uri.path) \(response.status.code)", metadata: metadata)
        }
        return response
    }

    /// A caller's request id is kept when it is short and printable.
    static func safeID(_ value: String) -> String? {
        guard (1...64).contains(value.count),
              value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else { return nil }
        return value
    }
}
