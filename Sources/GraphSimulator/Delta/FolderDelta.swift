/// `GET …/mailFolders/delta` over a mailbox's hierarchy log (learn.microsoft.com/graph/api/mailfolder-delta): every
/// folder below the top of the information store, nested ones included, parents before children (an initial
/// round), or the folders created, renamed or deleted since a delta token.
enum FolderDelta {
    static func page(
        _ request: DeltaRequest, mailbox: MailboxRecord, sequence: Int
    ) throws(DeltaRefusal)
        -> DeltaPage<FolderRecord>
    {
        let round = try request.resolve(
            scope: .folders, mailboxGUID: mailbox.guid, folderKey: 0,
            generation: mailbox.hierarchyGeneration, sequence: sequence)
        let size = round.options.top ?? request.pageSize
        let tree = mailbox.mailFolderTree()
        if round.from == nil {
            // Keys grow with creation, so key order lists parents first.
            let folders = tree.filter { $0.key > round.cursor }.sorted { $0.key < $1.key }
            let page = Array(folders.prefix(size))
            let links = DeltaRequest.links(
                after: round, sent: page.count, lastKey: page.last?.key,
                remaining: folders.count > page.count)
            return DeltaPage(entries: page.map { .item($0) }, skipToken: links.skip, deltaToken: links.delta)
        }
        let inTree = Set(tree.map(\.key))
        var order: [Int] = []
        for change in mailbox.hierarchyLog where change.sequence > (round.from ?? 0) && change.sequence <= round.until {
            if let index = order.firstIndex(of: change.folderKey) { order.remove(at: index) }
            order.append(change.folderKey)
        }
        let entries: [DeltaPage<FolderRecord>.Entry] = order.compactMap { key in
            if let folder = mailbox.folders[key], inTree.contains(key) { return .item(folder) }
            guard let folder = mailbox.folders[key], !inTree.contains(key), folder.wellKnownName == nil else {
                return nil
            }
            return .removed(id: folder.id, reason: .deleted)
        }
        let page = Array(entries.dropFirst(round.cursor).prefix(size))
        let links = DeltaRequest.links(
            after: round, sent: page.count, lastKey: nil,
            remaining: entries.count > round.cursor + page.count)
        return DeltaPage(entries: page, skipToken: links.skip, deltaToken: links.delta)
    }
}
