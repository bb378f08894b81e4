/// A failure the simulator answers a request with instead of carrying it out, each the way Exchange (or IIS in
/// front of it) sends it.
public enum InjectedFailure: Sendable, Hashable {
    /// A SOAP fault `a:ErrorServerBusy` (HTTP 500) whose detail carries
    /// `<t:MessageXml><t:Value Name="BackOffMilliseconds">…</t:Value></t:MessageXml>`.
    case serverBusy(backOffMilliseconds: Int)
    /// ErrorServerBusy as an error response message with the same `MessageXml`, as Exchange sends it once a
    /// request has reached the operation.
    case serverBusyInResponseMessage(backOffMilliseconds: Int)
    /// HTTP 503 Service Unavailable from IIS (requests queued), no SOAP body.
    case http503
    /// HTTP 429 Too Many Requests with `Retry-After` in seconds.
    case http429(retryAfter: Int)
    /// ErrorInvalidSyncStateData in the response message.
    case invalidSyncState
    /// ErrorSyncFolderNotFound in the response message.
    case syncFolderNotFound
    /// ErrorNonExistentMailbox in the response message.
    case nonExistentMailbox
    /// ErrorAccessDenied in the response message.
    case accessDenied
    /// A SOAP fault `a:ErrorImpersonateUserDenied`, as for an ExchangeImpersonation header without the right.
    case impersonateUserDenied
    /// ErrorMailboxMoveInProgress in the response message.
    case mailboxMoveInProgress
    /// ErrorTimeoutExpired in the response message.
    case timeoutExpired
    /// ErrorInternalServerTransientError in the response message.
    case internalServerTransientError
    /// The TCP connection closes without an answer.
    case dropConnection
    /// HTTP 401 with the server's `WWW-Authenticate` offers, as when a password changed or a token was revoked;
    /// the connection's NTLM login is forgotten, so the client must log in again.
    case unauthorized
    /// Any other response code (`ErrorMoveCopyFailed`, `ErrorQuotaExceeded`, …) in every response message.
    case responseCode(String)
}

/// Failures waiting for the next requests, per operation and mailbox (nil: any), used up in order.
struct FailureSchedule: Sendable {
    private var queue: [(operation: String?, mailbox: String?, failure: InjectedFailure)] = []

    mutating func add(_ failure: InjectedFailure, operation: String?, mailbox: String? = nil, count: Int) {
        for _ in 0..<max(count, 0) { queue.append((operation, mailbox.map(SimulatorStore.mailboxKey), failure)) }
    }

    /// Takes the first failure meant for `operation` (or for any operation) on `mailbox` (or on any mailbox).
    mutating func take(for operation: String, mailbox: String? = nil) -> InjectedFailure? {
        let key = mailbox.map(SimulatorStore.mailboxKey)
        guard let index = queue.firstIndex(where: {
            ($0.operation == nil || $0.operation == operation) && ($0.mailbox == nil || $0.mailbox == key)
        }) else {
            return nil
        }
        return queue.remove(at: index).failure
    }

    mutating func removeAll() {
        queue.removeAll()
    }

    var isEmpty: Bool { queue.isEmpty }
}
