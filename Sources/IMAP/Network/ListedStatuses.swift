/// The STATUS the pass's LIST returned for each folder (LIST-STATUS, RFC 5819), by server name, for
/// `IMAPPassPlanner.opening(listed:cursor:)`. Each is taken once, so a pass never acts on an answer an earlier pass
/// already used; none once the LIST is older than the caller's limit, so a pass still busy with a large folder
/// opens the folders it comes to next.
struct ListedStatuses: Sendable {
    private var statuses: [String: MailboxStatus]
    private let listedAt: ContinuousClock.Instant

    /// No answers (a server without LIST-STATUS, or before the first LIST).
    init() {
        self.init([:], selected: nil, at: .now)
    }

    /// The answers of a LIST made at `listedAt`, while `selected` (a server name) was selected: that folder's
    /// STATUS need not count what this session has been told (RFC 3501 §6.3.10 says not to rely on STATUS for
    /// it), so it is opened again instead.
    init(_ statuses: [String: MailboxStatus], selected: String?, at listedAt: ContinuousClock.Instant) {
        var statuses = statuses
        if let selected { statuses[selected] = nil }
        self.statuses = statuses
        self.listedAt = listedAt
    }

    /// What the LIST said of `mailbox` (its server name), once; nil without an answer, or when the LIST is older
    /// than `maxAge` at `now`.
    mutating func take(_ mailbox: String, maxAge: Duration,
                       now: ContinuousClock.Instant = .now) -> MailboxStatus? {
        let status = statuses.removeValue(forKey: mailbox)
        return now - listedAt < maxAge ? status : nil
    }
}
