import Domain

/// Listing folders, asking their status, and opening one.
extension IMAPClient {
    /// A folder as EXAMINE opened it.
    struct Selected: Sendable, Equatable {
        var name: String
        var uidValidity: UInt32
        var exists: UInt32
        var highestModSeq: UInt64?
        /// The UID the next message will get, when the server says (RFC 3501 §2.3.1.1).
        var uidNext: UInt32?
        /// UIDs the server reported as expunged since the modseq given to EXAMINE (RFC 7162 §3.2.5.1).
        var vanished: [UInt32] = []
    }

    /// The items a STATUS (or LIST-STATUS) asks: HIGHESTMODSEQ only from a server with CONDSTORE.
    private var statusItems: [StatusItem] {
        var items: [StatusItem] = [.messages, .uidNext, .uidValidity]
        if capabilities.contains(.condStore) { items.append(.highestModSeq) }
        return items
    }

    private static func serverName(_ status: MailboxStatus) -> String {
        String(decoding: status.mailbox.wireBytes(utf8Accepted: false), as: UTF8.self)
    }

    /// LIST, with each folder's role (SPECIAL-USE) and, on a server with LIST-STATUS, its message count, UIDNEXT,
    /// UIDVALIDITY and (with CONDSTORE) HIGHESTMODSEQ by server name.
    func listFolders() async throws -> (folders: [MailFolder], statuses: [String: MailboxStatus]) {
        var lists: [ListResponse] = []
        var statuses: [String: MailboxStatus] = [:]
        let specialUse = capabilities.contains(.specialUse)
        let items = capabilities.contains(Capability("LIST-STATUS")) ? statusItems : []
        try await run(.list(returnSpecialUse: specialUse, returnStatus: items)) { event in
            switch event {
            case .untagged(.list(let list)): lists.append(list)
            case .untagged(.status(let status)): statuses[Self.serverName(status)] = status
            default: break
            }
        }
        let folders = lists.filter(\.isSelectable).map { list in
            let name = list.mailbox.name
            let path = list.delimiter.map { name.split(separator: $0).map(String.init) } ?? [name]
            let role = list.specialUse.map { String($0.rawValue.dropFirst()).lowercased() }
            return MailFolder(path: path, serverID: String(decoding: list.mailbox.wireBytes(utf8Accepted: false),
                                                                   as: UTF8.self), role: role)
        }
        return (folders, statuses)
    }

    /// LIST-STATUS for a wait's poll: every folder's STATUS by server name; nil on a server without LIST-STATUS.
    func folderStatuses() async throws -> [String: MailboxStatus]? {
        guard capabilities.contains(Capability("LIST-STATUS")) else { return nil }
        var statuses: [String: MailboxStatus] = [:]
        try await run(.list(returnStatus: statusItems)) { event in
            if case .untagged(.status(let status)) = event { statuses[Self.serverName(status)] = status }
        }
        return statuses
    }

    /// STATUS of each of `mailboxes` (server names), one command each: a wait's poll on a server without
    /// LIST-STATUS. A mailbox the server refuses (gone, renamed) is left out.
    func statuses(of mailboxes: [String]) async throws -> [String: MailboxStatus] {
        let items = statusItems
        var statuses: [String: MailboxStatus] = [:]
        for mailbox in mailboxes {
            let name = MailboxName(wireBytes: Array(mailbox.utf8), utf8Accepted: false)
            try await run(.status(name, items), failOnNo: false) { event in
                if case .untagged(.status(let status)) = event { statuses[mailbox] = status }
            }
        }
        return statuses
    }

    /// EXAMINE: selects read-only, so fetching never sets \Seen (RFC 3501 §6.3.2). With `resync` (send it only
    /// once QRESYNC is enabled) the server also reports the UIDs expunged since that modseq, when the UIDVALIDITY
    /// still matches.
    func examine(_ mailbox: String, resync: QResyncParameters? = nil) async throws -> Selected {
        var selected = Selected(name: mailbox, uidValidity: 0, exists: 0, highestModSeq: nil)
        let options = SelectOptions(condStore: capabilities.contains(.condStore), qResync: resync)
        let name = MailboxName(wireBytes: Array(mailbox.utf8), utf8Accepted: false)
        let result = try await run(.examine(name, options), failOnNo: false) { event in
            switch event {
            case .untagged(.exists(let count)): selected.exists = count
            case .untagged(.condition(.ok, .uidValidity(let value)?, _)): selected.uidValidity = value
            case .untagged(.condition(.ok, .highestModSeq(let value)?, _)): selected.highestModSeq = value
            case .untagged(.condition(.ok, .uidNext(let value)?, _)): selected.uidNext = value
            case .untagged(.vanished(_, let uids)): selected.vanished.append(contentsOf: uids.numbers(star: nil))
            default: break
            }
        }
        guard result.status == .ok else {
            throw MailSourceError(.folderNotFound, "the folder cannot be opened", detail: "\(mailbox): \(result.text)")
        }
        examined = mailbox
        return selected
    }
}
