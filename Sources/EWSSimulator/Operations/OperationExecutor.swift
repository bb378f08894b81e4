/// Carries out one EWS operation against a snapshot of the store and writes the answer. Pure: the store is
/// read, never changed (the operations that write are ``WriteOperations``, run under the lock).
struct OperationExecutor: Sendable {
    let store: SimulatorStore
    let access: MailboxAccess
    let version: EWSSimulatorConfiguration.ServerVersion

    typealias Message = (status: SOAPEnvelope.Status, content: (inout XMLOutput) -> Void)

    /// The answer body, or nil for an operation the simulator does not know.
    func run(_ request: SOAPRequest) -> [UInt8]? {
        let body = request.body
        let messages: [Message]
        switch request.operation {
        case "SyncFolderHierarchy": messages = [syncFolderHierarchy(body)]
        case "SyncFolderItems": messages = [syncFolderItems(body)]
        case "GetItem": messages = getItem(body)
        case "GetFolder": messages = getFolder(body)
        case "FindFolder": messages = findFolder(body)
        case "GetAttachment": messages = getAttachment(body)
        case "FindItem": messages = findItem(body)
        // exchangelib guesses the server version with a ResolveNames call and reads only ServerVersionInfo; an
        // unresolvable name is the documented answer for a directory the simulator doesn't have.
        case "ResolveNames": messages = [(SOAPEnvelope.Status(code: "ErrorNameResolutionNoResults"), { _ in })]
        // exchangelib 5 guesses the version with ConvertId of a dummy id instead; Exchange refuses such ids.
        case "ConvertId":
            let count = max(body.child("SourceIds")?.children.count ?? 1, 1)
            messages = Array(repeating: (SOAPEnvelope.Status(code: "ErrorInvalidIdMalformed"), { _ in }), count: count)
        default: return nil
        }
        return SOAPEnvelope.response(operation: request.operation, version: version, messages: messages)
    }

    /// The same error in every message the request would have got (one per id, or one for a sync call).
    func failure(_ request: SOAPRequest, status: SOAPEnvelope.Status) -> [UInt8] {
        let count: Int
        switch request.operation {
        case "GetItem": count = max(request.body.child("ItemIds")?.children.count ?? 1, 1)
        case "GetFolder": count = max(request.body.child("FolderIds")?.children.count ?? 1, 1)
        case "FindFolder": count = max(request.body.child("ParentFolderIds")?.children.count ?? 1, 1)
        case "GetAttachment": count = max(request.body.child("AttachmentIds")?.children.count ?? 1, 1)
        default: count = 1
        }
        let message = errorMessage(request.operation, status)
        return SOAPEnvelope.response(
            operation: request.operation, version: version, messages: Array(repeating: message, count: count)
        )
    }

    private func errorMessage(_ operation: String, _ status: SOAPEnvelope.Status) -> Message {
        switch operation {
        case "SyncFolderItems":
            return (
                status,
                { output in
                    output.empty("m:SyncState")
                    output.element("m:IncludesLastItemInRange", text: "true")
                }
            )
        case "SyncFolderHierarchy":
            return (
                status,
                { output in
                    output.empty("m:SyncState")
                    output.element("m:IncludesLastFolderInRange", text: "true")
                }
            )
        case "GetItem":
            return (status, { $0.empty("m:Items") })
        case "GetFolder":
            return (status, { $0.empty("m:Folders") })
        case "GetAttachment":
            return (status, { $0.empty("m:Attachments") })
        default:
            return (status, { _ in })
        }
    }

    // MARK: SyncFolderItems

    /// "SyncFolderItems operation": changes since the state, at most MaxChangesReturned, newest first.
    private func syncFolderItems(_ body: XMLNode) -> Message {
        let fail = { (code: String) in errorMessage("SyncFolderItems", SOAPEnvelope.Status(code: code)) }
        guard let folderNode = body.child("SyncFolderId")?.children.first else { return fail("ErrorInvalidRequest") }
        guard let max = body.child("MaxChangesReturned").flatMap({ Int($0.trimmedText) }), (1...512).contains(max)
        else { return fail("ErrorInvalidRequest") }
        guard case .found(let mailboxKey, let folder) = access.folder(folderNode),
            let mailbox = store.mailboxes[mailboxKey]
        else {
            if case .failed(let code) = access.folder(folderNode) {
                return fail(code == "ErrorFolderNotFound" ? "ErrorSyncFolderNotFound" : code)
            }
            return fail("ErrorSyncFolderNotFound")
        }
        var position = 0
        if let state = body.child("SyncState")?.trimmedText, !state.isEmpty {
            guard let token = SyncStateToken(encoded: state), token.scope == .items, token.mailboxGUID == mailbox.guid,
                token.folderKey == folder.key, token.position <= folder.itemLog.count
            else { return fail("ErrorInvalidSyncStateData") }
            position = token.position
        }
        let ignored = Set(body.child("Ignore")?.children("ItemId").compactMap { $0.attribute("Id") } ?? [])
        let page = ChangeLogPager.itemPage(log: folder.itemLog, from: position, maxChanges: max, ignoring: ignored)
        let token = SyncStateToken(
            scope: .items, mailboxGUID: mailbox.guid, folderKey: folder.key, position: page.position)
        let shape = ItemShape(body.child("ItemShape"))
        return (
            .success,
            { output in
                output.element("m:SyncState", text: token.encoded)
                output.element("m:IncludesLastItemInRange", text: page.includesLastItemInRange ? "true" : "false")
                output.element("m:Changes") { output in
                    for change in page.changes {
                        writeItemChange(change, mailbox: mailbox, shape: shape, into: &output)
                    }
                }
            }
        )
    }

    private func writeItemChange(
        _ change: ChangeLogPager.ItemChange,
        mailbox: MailboxRecord,
        shape: ItemShape,
        into output: inout XMLOutput
    ) {
        switch change.kind {
        case .create, .update:
            guard let item = mailbox.items[change.itemKey] else { return }
            output.element(change.kind == .create ? "t:Create" : "t:Update") { output in
                ItemWriter.write(item, mailbox: mailbox, shape: shape, into: &output)
            }
        case .delete:
            output.element("t:Delete") { $0.empty("t:ItemId", [("Id", change.itemID)]) }
        case .readFlag(let isRead):
            let changeKey = mailbox.items[change.itemKey]?.changeKey
            output.element("t:ReadFlagChange") { output in
                output.empty("t:ItemId", [("Id", change.itemID)] + (changeKey.map { [("ChangeKey", $0)] } ?? []))
                output.element("t:IsRead", text: isRead ? "true" : "false")
            }
        }
    }

    // MARK: SyncFolderHierarchy

    /// "SyncFolderHierarchy operation": folder changes below the sync folder (the whole mailbox when omitted).
    private func syncFolderHierarchy(_ body: XMLNode) -> Message {
        let fail = { (code: String) in errorMessage("SyncFolderHierarchy", SOAPEnvelope.Status(code: code)) }
        let rootNode =
            body.child("SyncFolderId")?.children.first
            ?? XMLNode(name: "DistinguishedFolderId", namespace: "", attributes: ["Id": "root"], children: [], text: "")
        let lookup = access.folder(rootNode)
        guard case .found(let mailboxKey, let root) = lookup, let mailbox = store.mailboxes[mailboxKey] else {
            if case .failed(let code) = lookup {
                return fail(code == "ErrorFolderNotFound" ? "ErrorSyncFolderNotFound" : code)
            }
            return fail("ErrorSyncFolderNotFound")
        }
        var position = 0
        if let state = body.child("SyncState")?.trimmedText, !state.isEmpty {
            guard let token = SyncStateToken(encoded: state), token.scope == .hierarchy,
                token.mailboxGUID == mailbox.guid, token.folderKey == root.key,
                token.position <= mailbox.hierarchyLog.count
            else { return fail("ErrorInvalidSyncStateData") }
            position = token.position
        }
        let changes = ChangeLogPager.hierarchyChanges(log: mailbox.hierarchyLog, from: position) {
            mailbox.isFolder($0, below: root.key)
        }
        let token = SyncStateToken(
            scope: .hierarchy, mailboxGUID: mailbox.guid, folderKey: root.key, position: mailbox.hierarchyLog.count
        )
        let shape = FolderShape(body.child("FolderShape"))
        return (
            .success,
            { output in
                output.element("m:SyncState", text: token.encoded)
                output.element("m:IncludesLastFolderInRange", text: "true")
                output.element("m:Changes") { output in
                    for change in changes {
                        guard let folder = mailbox.folders[change.folderKey] else { continue }
                        switch change.kind {
                        case .create, .update:
                            output.element(change.kind == .create ? "t:Create" : "t:Update") { output in
                                FolderWriter.write(folder, mailbox: mailbox, shape: shape, into: &output)
                            }
                        case .delete:
                            output.element("t:Delete") { $0.empty("t:FolderId", [("Id", folder.id)]) }
                        }
                    }
                }
            }
        )
    }
}
