import Foundation

/// `GET …/mailFolders/{id}/messages/delta` over a folder's change log (learn.microsoft.com/graph/
/// delta-query-messages). An initial round lists the messages in the folder (after `$filter`'s instant), by key or
/// newest first; a round from a delta token reports each message changed since, once, in its latest state: present
/// (created or updated) or `@removed`. With default ids, a message that left and came back under a new id shows as
/// the removal of the old id and the new id, as Graph does; with immutable ids it is one entry.
enum MessageDelta {
    static func page(
        _ request: DeltaRequest, mailbox: MailboxRecord, folder: FolderRecord, sequence: Int,
        immutableIDs: Bool
    ) throws(DeltaRefusal) -> DeltaPage<MessageRecord> {
        let round = try request.resolve(
            scope: .messages, mailboxGUID: mailbox.guid, folderKey: folder.key,
            generation: folder.generation, sequence: sequence)
        let size = round.options.top ?? request.pageSize
        if round.from == nil {
            var messages = mailbox.messages(in: folder.key).filter {
                round.options.admits(received: $0.receivedDateTime)
            }
            if round.options.newestFirst {
                messages.sort { ($0.receivedDateTime, $0.key) > ($1.receivedDateTime, $1.key) }
                messages = Array(messages.dropFirst(round.cursor))
            } else {
                messages = messages.filter { $0.key > round.cursor }
            }
            let page = Array(messages.prefix(size))
            let links = DeltaRequest.links(
                after: round, sent: page.count, lastKey: page.last?.key,
                remaining: messages.count > page.count)
            return DeltaPage(entries: page.map { .item($0) }, skipToken: links.skip, deltaToken: links.delta)
        }
        let entries = changes(folder: folder, mailbox: mailbox, round: round, immutableIDs: immutableIDs)
        let page = Array(entries.dropFirst(round.cursor).prefix(size))
        let links = DeltaRequest.links(
            after: round, sent: page.count, lastKey: nil,
            remaining: entries.count > round.cursor + page.count)
        return DeltaPage(entries: page, skipToken: links.skip, deltaToken: links.delta)
    }

    /// The round's changes, one per id, in the order of each id's latest change.
    private static func changes(
        folder: FolderRecord, mailbox: MailboxRecord, round: DeltaToken,
        immutableIDs: Bool
    ) -> [DeltaPage<MessageRecord>.Entry] {
        let from = round.from ?? 0
        let window = folder.log.filter { $0.sequence > from && $0.sequence <= round.until }
        var latest: [String: (change: ItemChange, created: Bool)] = [:]
        var order: [String] = []
        for change in window {
            let id = immutableIDs ? change.immutableID : change.restID
            if let index = order.firstIndex(of: id) { order.remove(at: index) }
            order.append(id)
            let created = (latest[id]?.created ?? false) || change.kind == .created
            latest[id] = (change, created)
        }
        var entries: [DeltaPage<MessageRecord>.Entry] = []
        for id in order {
            guard let (change, created) = latest[id] else { continue }
            switch change.kind {
            case .removed(let reason):
                if round.options.changeType == nil || round.options.changeType == "deleted" {
                    entries.append(.removed(id: id, reason: reason))
                }
            case .created, .updated:
                // Still here under this id? A later move out shows in the next round.
                guard let message = mailbox.messages[change.messageKey], message.folderKey == folder.key,
                    message.id(immutable: immutableIDs) == id,
                    round.options.admits(received: message.receivedDateTime)
                else { continue }
                switch round.options.changeType {
                case nil: entries.append(.item(message))
                case "created" where created: entries.append(.item(message))
                case "updated" where !created: entries.append(.item(message))
                default: break
                }
            }
        }
        return entries
    }
}
