import EntraSimulator
import Foundation

/// A Graph request that passed admission: who sent it, for which mailbox, and how to shape the answer.
struct GraphTicket: Sendable {
    var head: GraphRequestHead
    var route: GraphRoute
    var clientID: String
    var tenantID: String
    /// The mailbox key, for routes under `/users/{id}`.
    var mailbox: String?
    /// The concurrency slot taken (`clientID|mailbox`), released when the answer is written.
    var gateKey: String?
    var options: QueryOptions
    var context: ResponseContext
    var pageSize: Int
}

/// What admission decided.
enum GraphAdmission: Sendable {
    case answer(GraphAnswer, clientID: String?)
    case proceed(GraphTicket)
}

/// Admission of every `/v1.0` request, with the lock held: the route, the bearer token, a scheduled failure, the
/// user (unknown, not reachable over REST, outside the app's access policy), and the 4-concurrent-requests limit
/// per app and mailbox. No I/O.
struct GraphFrontDoor {
    let configuration: GraphSimulatorConfiguration

    func admit(_ head: GraphRequestHead, state: inout GraphState, now: Date, requestID: String) -> GraphAdmission {
        func refuse(_ error: GraphError, clientID: String? = nil) -> GraphAdmission {
            .answer(
                .error(error, now: now, requestID: requestID, clientRequestID: head.clientRequestID),
                clientID: clientID)
        }
        let relative = String(head.rawPath.dropFirst("/v1.0".count))
        guard let route = GraphRoute(path: relative) else {
            let segment = relative.split(separator: "/").last.map(String.init) ?? relative
            return refuse(.unsupportedSegment(segment.removingPercentEncoding ?? segment))
        }
        // Authentication comes first, as at Graph's gateway.
        guard let authorization = head.authorization, authorization.lowercased().hasPrefix("bearer "),
            case let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces),
            !token.isEmpty
        else { return refuse(.missingToken) }
        guard let issued = state.identity.issued[token] else {
            return refuse(token.contains(".") ? .unknownToken : .invalidToken)
        }
        guard now < issued.expires else { return refuse(.expiredToken) }
        let clientID = issued.clientID
        guard allows(head.method, on: route) else { return refuse(.methodNotAllowed, clientID: clientID) }
        if route == .me { return refuse(.meWithoutUser, clientID: clientID) }
        let application = state.identity.application(clientID: clientID)
        let tenantID = application?.tenantID ?? ""
        let mailbox = route.user.flatMap { state.store.mailboxKey(forUser: $0) }
        let scheduledMailbox = mailbox ?? route.user.map(MailStore.mailboxKey)
        if let failure = state.failures.take(endpoint: route.endpoint, mailbox: scheduledMailbox) {
            guard let error = failure.error(user: route.user ?? "") else {
                return .answer(.dropped, clientID: clientID)
            }
            return refuse(error, clientID: clientID)
        }
        var gateKey: String?
        if let user = route.user {
            guard let mailbox, let record = state.store.mailbox(mailbox) else {
                return refuse(
                    configuration.unknownUserAnswer == .invalidUser ? .invalidUser(user) : .resourceNotFound,
                    clientID: clientID)
            }
            guard record.restEnabled else { return refuse(.mailboxNotEnabled, clientID: clientID) }
            guard application?.mayOpen(mailbox) ?? true else { return refuse(.accessDenied, clientID: clientID) }
            let key = "\(clientID.lowercased())|\(mailbox)"
            guard state.inFlight[key, default: 0] < configuration.concurrentRequestLimit else {
                return refuse(.throttled(retryAfter: configuration.throttleRetryAfter), clientID: clientID)
            }
            state.inFlight[key, default: 0] += 1
            gateKey = key
        }
        let userSegment = Self.userSegment(of: head.rawPath)
        let context = ResponseContext(
            serviceRoot: "\(head.origin)/v1.0", userSegment: userSegment,
            immutableIDs: head.wantsImmutableIDs)
        return .proceed(
            GraphTicket(
                head: head, route: route, clientID: clientID, tenantID: tenantID, mailbox: mailbox, gateKey: gateKey,
                options: QueryOptions(query: head.query), context: context,
                pageSize: min(head.maxPageSize ?? configuration.defaultPageSize, configuration.maximumPageSize, 1000)))
    }

    private func allows(_ method: String, on route: GraphRoute) -> Bool {
        switch route {
        case .subscriptions: ["GET", "POST"].contains(method)
        case .subscription: ["GET", "PATCH", "DELETE"].contains(method)
        case .reauthorize: method == "POST"
        default: method == "GET"
        }
    }

    /// The user segment of `/v1.0/users/{user}/…` as written (`users('x')` gives `x`).
    static func userSegment(of path: String) -> String {
        let segments = path.split(separator: "/").map(String.init)
        guard let index = segments.firstIndex(where: { $0.lowercased().hasPrefix("users") }) else { return "" }
        let segment = segments[index]
        if let open = segment.firstIndex(of: "("), segment.hasSuffix(")") {
            return String(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)])
                .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        return index + 1 < segments.count ? segments[index + 1] : ""
    }
}
