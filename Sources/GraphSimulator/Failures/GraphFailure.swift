/// A failure the simulator answers a Graph request with instead of carrying it out, each as Exchange Online's Graph
/// endpoints send it.
public enum GraphFailure: Sendable, Hashable {
    /// 429 `ApplicationThrottled` with `Retry-After` in seconds (may be fractional).
    case throttled(retryAfter: Double)
    /// 503 `ServiceUnavailable`, with `Retry-After` when given.
    case serviceUnavailable(retryAfter: Double?)
    /// 504 from the gateway (`UnknownError`, empty message).
    case gatewayTimeout
    /// The TCP connection closes without an answer.
    case dropConnection
    /// 410 `SyncStateNotFound`: the delta token has expired.
    case syncStateNotFound
    /// 410 `resyncRequired`.
    case resyncRequired
    /// 404 `MailboxNotEnabledForRESTAPI` (on-premises, inactive or soft-deleted mailbox).
    case mailboxNotEnabledForREST
    /// 403 `ErrorAccessDenied` "Access to OData is disabled." (an application access policy).
    case accessDenied
    /// 404 `ErrorInvalidUser`.
    case invalidUser
    /// 404 `ResourceNotFound` "Resource could not be discovered." (no such user).
    case resourceNotFound
    /// 404 `ErrorItemNotFound` (the item went away between delta and fetch).
    case itemNotFound
    /// 401 `InvalidAuthenticationToken` (expired token).
    case unauthorized

    /// The names the admin API and the command line take.
    static let names = [
        "throttled", "serviceUnavailable", "gatewayTimeout", "dropConnection", "syncStateNotFound",
        "resyncRequired", "mailboxNotEnabledForREST", "accessDenied", "invalidUser",
        "resourceNotFound", "itemNotFound", "unauthorized",
    ]

    /// The failure a name stands for; nil for an unknown name or answer.
    init?(name: String, retryAfter: Double?) {
        switch name {
        case "throttled": self = .throttled(retryAfter: retryAfter ?? 1)
        case "serviceUnavailable": self = .serviceUnavailable(retryAfter: retryAfter)
        case "gatewayTimeout": self = .gatewayTimeout
        case "dropConnection": self = .dropConnection
        case "syncStateNotFound": self = .syncStateNotFound
        case "resyncRequired": self = .resyncRequired
        case "mailboxNotEnabledForREST": self = .mailboxNotEnabledForREST
        case "accessDenied": self = .accessDenied
        case "invalidUser": self = .invalidUser
        case "resourceNotFound": self = .resourceNotFound
        case "itemNotFound": self = .itemNotFound
        case "unauthorized": self = .unauthorized
        default: return nil
        }
    }

    func error(user: String) -> GraphError? {
        switch self {
        case .throttled(let seconds): .throttled(retryAfter: seconds)
        case .serviceUnavailable(let seconds): .unavailable(retryAfter: seconds)
        case .gatewayTimeout: .gatewayTimeout
        case .dropConnection: nil
        case .syncStateNotFound: .syncStateNotFound
        case .resyncRequired: .resyncRequired
        case .mailboxNotEnabledForREST: .mailboxNotEnabled
        case .accessDenied: .accessDenied
        case .invalidUser: .invalidUser(user)
        case .resourceNotFound: .resourceNotFound
        case .itemNotFound: .itemNotFound
        case .unauthorized: .expiredToken
        }
    }
}

/// Failures waiting for the next requests, per endpoint and mailbox (nil: any), used up in order.
struct FailureSchedule: Sendable {
    private var queue: [(endpoint: GraphEndpoint?, mailbox: String?, failure: GraphFailure, passing: Int)] = []

    /// - Parameter after: matching requests to let through before the first failure (the second page of a round).
    mutating func add(_ failure: GraphFailure, endpoint: GraphEndpoint?, mailbox: String?, count: Int,
                      after: Int = 0) {
        for index in 0..<max(count, 0) {
            queue.append((endpoint, mailbox.map(MailStore.mailboxKey), failure, index == 0 ? max(after, 0) : 0))
        }
    }

    mutating func take(endpoint: GraphEndpoint, mailbox: String?) -> GraphFailure? {
        guard
            let index = queue.firstIndex(where: {
                ($0.endpoint == nil || $0.endpoint == endpoint) && ($0.mailbox == nil || $0.mailbox == mailbox)
            })
        else { return nil }
        if queue[index].passing > 0 {
            queue[index].passing -= 1
            return nil
        }
        return queue.remove(at: index).failure
    }

    mutating func removeAll() {
        queue.removeAll()
    }

    var count: Int { queue.count }
}
