import Foundation

/// Where a folder's sync stands, saved by the store as the folder's opaque cursor: the folder's UIDVALIDITY, the
/// highest UID fetched, the UIDs known to be in the folder (to find removals), the HIGHESTMODSEQ seen when the
/// server has CONDSTORE (the QRESYNC starting point), and UIDNEXT.
struct IMAPFolderCursor: Codable, Equatable, Sendable {
    var uidValidity: UInt32
    var lastUID: UInt32
    /// A UID set in IMAP syntax ("1:40,42"), compact for the common case of mostly contiguous UIDs.
    var known: String
    var highestModSeq: UInt64?
    /// UIDNEXT when the folder was opened: unchanged UIDNEXT and message count mean nothing changed.
    var uidNext: UInt32?

    enum CodingKeys: String, CodingKey {
        case uidValidity = "v"
        case lastUID = "u"
        case known = "k"
        case highestModSeq = "m"
        case uidNext = "n"
    }

    init(uidValidity: UInt32, lastUID: UInt32, known: String, highestModSeq: UInt64?, uidNext: UInt32? = nil) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.known = known
        self.highestModSeq = highestModSeq
        self.uidNext = uidNext
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

    static func format(_ uids: Set<UInt32>) -> String {
        uids.isEmpty ? "" : UIDSet(numbers: uids.sorted()).description
    }
}
