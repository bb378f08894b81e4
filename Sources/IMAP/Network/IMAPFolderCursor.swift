import Foundation

/// Where a folder's sync stands, saved by the store as the folder's opaque cursor: the folder's UIDVALIDITY, the
/// highest UID fetched, the UIDs known to be in the folder (to find removals), the HIGHESTMODSEQ seen when the
/// server has CONDSTORE (the QRESYNC starting point), UIDNEXT, and, on a server without CONDSTORE, which of the
/// known UIDs had `\Seen` (to find read-state changes by comparison).
struct IMAPFolderCursor: Codable, Equatable, Sendable {
    var uidValidity: UInt32
    var lastUID: UInt32
    /// A UID set in IMAP syntax ("1:40,42"), compact for the common case of mostly contiguous UIDs.
    var known: String
    var highestModSeq: UInt64?
    /// UIDNEXT when the folder was opened: unchanged UIDNEXT and message count mean nothing changed.
    var uidNext: UInt32?
    /// The known UIDs that had `\Seen`, as a UID set, kept only for a server without CONDSTORE; nil in a cursor
    /// saved without it (by a CONDSTORE server, or before read states were compared).
    var seen: String?

    enum CodingKeys: String, CodingKey {
        case uidValidity = "v"
        case lastUID = "u"
        case known = "k"
        case highestModSeq = "m"
        case uidNext = "n"
        case seen = "s"
    }

    init(uidValidity: UInt32, lastUID: UInt32, known: String, highestModSeq: UInt64?, uidNext: UInt32? = nil,
         seen: String? = nil) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.known = known
        self.highestModSeq = highestModSeq
        self.uidNext = uidNext
        self.seen = seen
    }

    init?(_ text: String?) {
        guard let text, let data = text.data(using: .utf8),
              let decoded = try? JSONDecoder().decode(Self.self, from: data) else { return nil }
        self = decoded
    }

    var text: String {
        (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? ""
    }

    var knownUIDs: Set<UInt32> {
        guard !known.isEmpty, let set = UIDSet(known) else { return [] }
        return Set(set.numbers(star: lastUID))
    }

    /// How many UIDs `known` holds, counted from its ranges (a folder's pass that LIST-STATUS shows unchanged
    /// reads no more of the cursor than this).
    var knownCount: Int {
        guard !known.isEmpty, let set = UIDSet(known) else { return 0 }
        return set.count(star: lastUID) ?? 0
    }

    /// `seen` as UIDs, or nil when the cursor has none.
    var seenUIDs: Set<UInt32>? {
        guard let seen else { return nil }
        guard !seen.isEmpty, let set = UIDSet(seen) else { return [] }
        return Set(set.numbers(star: lastUID))
    }

    /// The read-state changes of the `known` UIDs between the saved `\Seen` set (`before`; nil when no set was
    /// saved, and then every state is reported, since any may have changed) and the one just read (`now`), in UID
    /// order.
    static func readStateChanges(known: Set<UInt32>, before: Set<UInt32>?, now: Set<UInt32>) -> [(UInt32, Bool)] {
        known.sorted().compactMap { uid in
            let isRead = now.contains(uid)
            if let before, before.contains(uid) == isRead { return nil }
            return (uid, isRead)
        }
    }

    static func format(_ uids: Set<UInt32>) -> String {
        uids.isEmpty ? "" : UIDSet(numbers: uids.sorted()).description
    }
}
