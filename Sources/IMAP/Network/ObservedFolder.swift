/// How a folder stood when a pass (or a LIST-STATUS) last looked: a later answer that differs means it changed.
struct ObservedFolder: Sendable, Equatable {
    var uidValidity: UInt32?
    var uidNext: UInt32?
    var messages: UInt32?
    var highestModSeq: UInt64?

    init(_ selected: IMAPClient.Selected) {
        uidValidity = selected.uidValidity
        uidNext = selected.uidNext
        messages = selected.exists
        highestModSeq = selected.highestModSeq
    }

    init(_ status: MailboxStatus) {
        uidValidity = status.uidValidity
        uidNext = status.uidNext
        messages = status.messages
        highestModSeq = status.highestModSeq
    }

    /// True when a value both know differs.
    func differs(from other: ObservedFolder) -> Bool {
        func differ<T: Equatable>(_ a: T?, _ b: T?) -> Bool {
            guard let a, let b else { return false }
            return a != b
        }
        return differ(uidValidity, other.uidValidity) || differ(uidNext, other.uidNext)
            || differ(messages, other.messages) || differ(highestModSeq, other.highestModSeq)
    }
}
