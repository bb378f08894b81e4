import Domain
import Foundation

/// Searching and fetching in the selected folder.
extension IMAPClient {
    struct FetchedMessage: Sendable {
        var body: [UInt8]
        var internalDate: Date?
        /// `\Seen` among the message's flags; nil when the server sent no FLAGS.
        var isRead: Bool?
    }

    func searchAllUIDs() async throws -> [UInt32] {
        try await search([.all])
    }

    func searchUIDs(since date: Date) async throws -> [UInt32] {
        try await search([.since(SearchDate(date))])
    }

    /// UIDs from `lower` on. `n:*` also matches the highest UID when it is below n (RFC 3501 §6.4.8): filtered.
    func searchUIDs(from lower: UInt32) async throws -> [UInt32] {
        try await search([.uids(.from(lower))]).filter { $0 >= lower }
    }

    /// The folder's UIDs with `\Seen` (`seen`), or without it. With ESEARCH (RFC 4731) the answer comes as ranges,
    /// which keeps it short for a large folder whose messages are mostly in one state.
    func searchUIDs(seen: Bool) async throws -> [UInt32] {
        try await search([seen ? .seen : .unseen], returning: capabilities.contains(.esearch) ? [.all] : [])
    }

    private func search(_ keys: [SearchKey], returning: [SearchReturnOption] = []) async throws -> [UInt32] {
        var uids: [UInt32] = []
        try await run(.uidSearch(keys, returning: returning)) { event in
            switch event {
            case .untagged(.search(let numbers, _)): uids.append(contentsOf: numbers)
            case .untagged(.esearch(let answer)): uids.append(contentsOf: answer.all.map { Array($0.numbers(star: .max)) } ?? [])
            default: break
            }
        }
        return uids
    }

    /// Fetches whole messages by UID; a message is held only until it is complete.
    func fetchMessages(uids: [UInt32]) async throws -> [UInt32: FetchedMessage] {
        guard !uids.isEmpty else { return [:] }
        var aggregator = FetchAggregator()
        var messages: [UInt32: FetchedMessage] = [:]
        let set = UIDSet(numbers: uids)
        try await run(.uidFetch(set, [.uid, .flags, .internalDate, .body(section: "", peek: true)])) { event in
            if let response = aggregator.consume(event), let uid = response.uid, let body = response.body {
                messages[uid] = FetchedMessage(body: body, internalDate: response.internalDate,
                                               isRead: response.flags.map { $0.contains(Flag.seen) })
            }
        }
        return messages
    }

    /// The read state (`\Seen`) of the messages among `uids` whose flags changed after `modSeq`: CONDSTORE's
    /// `UID FETCH uids (UID FLAGS) (CHANGEDSINCE modSeq)` (RFC 7162 §3.1.4.1). Only servers with CONDSTORE.
    func readStates(of uids: [UInt32], changedSince modSeq: UInt64) async throws -> [UInt32: Bool] {
        guard !uids.isEmpty else { return [:] }
        var aggregator = FetchAggregator()
        var states: [UInt32: Bool] = [:]
        try await run(.uidFetch(UIDSet(numbers: uids), [.uid, .flags], changedSince: modSeq)) { event in
            if let response = aggregator.consume(event), let uid = response.uid, let flags = response.flags {
                states[uid] = flags.contains(Flag.seen)
            }
        }
        return states
    }
}
