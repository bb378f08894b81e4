import Foundation

/// The operations that change mailboxes (MoveItem, CopyItem, CreateItem, UpdateItem, DeleteItem). They run under
/// the simulator's lock on the store itself, with the rights admission found; each id gets its own response
/// message, so one bad id fails only its own part of a batch, as on Exchange.
struct WriteOperations {
    let access: MailboxAccess
    let version: EWSSimulatorConfiguration.ServerVersion
    let now: Date

    typealias Message = OperationExecutor.Message

    static let operations: Set<String> = [
        "MoveItem", "CopyItem", "CreateItem", "UpdateItem", "DeleteItem", "CreateFolder", "SendItem",
    ]

    init(_ executor: OperationExecutor, now: Date = Date()) {
        access = executor.access
        version = executor.version
        self.now = now
    }

    /// The answer body for one of ``operations``.
    func run(_ request: SOAPRequest, store: inout SimulatorStore) -> [UInt8] {
        let body = request.body
        let messages: [Message]
        switch request.operation {
        case "MoveItem": messages = moveOrCopy(body, copy: false, store: &store)
        case "CopyItem": messages = moveOrCopy(body, copy: true, store: &store)
        case "CreateItem": messages = createItem(body, store: &store)
        case "UpdateItem": messages = updateItem(body, store: &store)
        case "CreateFolder": messages = createFolder(body, store: &store)
        case "SendItem": messages = sendItem(body, store: &store)
        default: messages = deleteItem(body, store: &store)
        }
        return SOAPEnvelope.response(operation: request.operation, version: version, messages: messages)
    }

    static func failure(_ code: String, items: Bool = true) -> Message {
        (SOAPEnvelope.Status(code: code), { output in if items { output.empty("m:Items") } })
    }

    static func itemID(_ item: ItemRecord) -> Message {
        (
            .success,
            { output in
                output.element("m:Items") { output in
                    output.element("t:Message") { $0.empty("t:ItemId", [("Id", item.id), ("ChangeKey", item.changeKey)]) }
                }
            }
        )
    }

    /// The live item an `ItemId` names, or the response code Exchange gives for it.
    func locate(_ node: XMLNode, in store: SimulatorStore) -> Result<(mailbox: String, record: ItemRecord), CodeError> {
        guard node.name == "ItemId", let id = node.attribute("Id"), !id.isEmpty else {
            return .failure(CodeError("ErrorInvalidIdMalformed"))
        }
        guard let found = store.item(id: id), let mailbox = store.mailboxes[found.mailbox] else {
            // Exchange reads the id before it looks for the item: text that isn't an entry id is malformed.
            guard let bytes = Data(base64Encoded: id), bytes.count > 20 else {
                return .failure(CodeError("ErrorInvalidIdMalformed"))
            }
            return .failure(CodeError("ErrorItemNotFound"))
        }
        if let error = access.check(mailbox: mailbox.smtpAddress) { return .failure(CodeError(error)) }
        return .success(found)
    }

    /// A target folder (`ToFolderId`, `SavedItemFolderId`), looked up in the live store.
    func folder(_ parent: XMLNode?, in store: SimulatorStore) -> Result<(mailbox: String, folder: Int), CodeError> {
        guard let node = parent?.children.first else { return .failure(CodeError("ErrorInvalidRequest")) }
        switch MailboxAccess(store: store, effectiveAccount: access.effectiveAccount,
                             defaultMailbox: access.defaultMailbox).folder(node) {
        case .found(let mailbox, let folder): return .success((mailbox, folder.key))
        case .failed(let code): return .failure(CodeError(code))
        }
    }

    // MARK: MoveItem, CopyItem

    /// "MoveItem operation" / "CopyItem operation": a new item with a new ItemId in the target folder (a Create in
    /// its sync); a move deletes the original (a Delete in the source folder's sync). No ItemId comes back for a
    /// target in another mailbox, or when `ReturnNewItemIds` is false.
    private func moveOrCopy(_ body: XMLNode, copy: Bool, store: inout SimulatorStore) -> [Message] {
        let nodes = body.child("ItemIds")?.children ?? []
        let target: (mailbox: String, folder: Int)
        switch folder(body.child("ToFolderId"), in: store) {
        case .success(let found): target = found
        case .failure(let error):
            let code = error.code == "ErrorFolderNotFound" ? "ErrorToFolderNotFound" : error.code
            return nodes.map { _ in Self.failure(code) }
        }
        let returnIDs = body.child("ReturnNewItemIds")?.isTrue != false
        return nodes.map { node in
            switch locate(node, in: store) {
            case .failure(let error): return Self.failure(error.code)
            case .success(let found):
                let record = store.relocate(
                    found.record, from: found.mailbox, to: target.mailbox, folder: target.folder, copy: copy, now: now)
                guard returnIDs, found.mailbox == target.mailbox else { return (.success, { $0.empty("m:Items") }) }
                return Self.itemID(record)
            }
        }
    }

    // MARK: CreateFolder

    /// "CreateFolder operation": each folder below `ParentFolderId` (a Create in SyncFolderHierarchy);
    /// ErrorFolderExists for a name the parent already has.
    private func createFolder(_ body: XMLNode, store: inout SimulatorStore) -> [Message] {
        let nodes = body.child("Folders")?.children ?? []
        let fail = { (code: String) -> Message in (SOAPEnvelope.Status(code: code), { $0.empty("m:Folders") }) }
        let parent: (mailbox: String, folder: Int)
        switch folder(body.child("ParentFolderId"), in: store) {
        case .success(let found): parent = found
        case .failure(let error): return nodes.map { _ in fail(error.code) }
        }
        return nodes.map { node in
            guard let name = node.child("DisplayName")?.text, !name.isEmpty else { return fail("ErrorInvalidRequest") }
            let siblings = store.mailboxes[parent.mailbox]?.descendants(of: parent.folder, deep: false) ?? []
            if siblings.contains(where: { $0.displayName.caseInsensitiveCompare(name) == .orderedSame }) {
                return fail("ErrorFolderExists")
            }
            let folderClass = node.child("FolderClass")?.trimmedText ?? (node.name == "Folder" ? "IPF.Note" : nil)
            let key = store.insertFolder(
                mailbox: parent.mailbox, parentKey: parent.folder, displayName: name, folderClass: folderClass)
            guard let created = store.mailboxes[parent.mailbox]?.folders[key] else { return fail("ErrorFolderNotFound") }
            return (
                .success,
                { output in
                    output.element("m:Folders") { output in
                        output.element(FolderWriter.elementName(created)) {
                            $0.empty("t:FolderId", [("Id", created.id), ("ChangeKey", created.changeKey)])
                        }
                    }
                }
            )
        }
    }

    // MARK: DeleteItem

    /// "DeleteItem operation": HardDelete removes the item; SoftDelete moves it to the dumpster (Recoverable
    /// Items\Deletions, outside the mail folders); MoveToDeletedItems moves it to Deleted Items, or soft-deletes it
    /// when it is there already. Each is a Delete in the folder's sync; a moved item gets a new ItemId.
    private func deleteItem(_ body: XMLNode, store: inout SimulatorStore) -> [Message] {
        let deleteType = body.attribute("DeleteType") ?? ""
        let nodes = body.child("ItemIds")?.children ?? []
        guard ["HardDelete", "SoftDelete", "MoveToDeletedItems"].contains(deleteType) else {
            return nodes.map { _ in Self.failure("ErrorInvalidRequest", items: false) }
        }
        return nodes.map { node in
            switch locate(node, in: store) {
            case .failure(let error): return Self.failure(error.code, items: false)
            case .success(let found):
                let folders = store.mailboxes[found.mailbox]?.distinguished ?? [:]
                var target: Int?
                if deleteType == "MoveToDeletedItems", folders["deleteditems"] != found.record.folderKey {
                    target = folders["deleteditems"]
                } else if deleteType != "HardDelete", folders["recoverableitemsdeletions"] != found.record.folderKey {
                    target = folders["recoverableitemsdeletions"]
                }
                if let target {
                    store.relocate(found.record, from: found.mailbox, to: found.mailbox, folder: target, copy: false,
                                   now: now)
                } else {
                    store.removeItem(key: found.record.key, mailbox: found.mailbox, keepHandle: false)
                }
                return (.success, { _ in })
            }
        }
    }
}

/// An EWS response code as an error value.
struct CodeError: Error, Sendable {
    var code: String

    init(_ code: String) {
        self.code = code
    }
}
