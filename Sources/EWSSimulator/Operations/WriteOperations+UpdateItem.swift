import Foundation

/// "UpdateItem operation": SetItemField, AppendToItemField and DeleteItemField for IsRead, Subject, Categories,
/// Flag and Importance, and for a draft also Body and the recipients (other fields are accepted and have no
/// effect here). A change of IsRead alone is a
/// ReadFlagChange in the folder's sync, anything else an Update; either way the ChangeKey changes.
///
/// ConflictResolution: with NeverOverwrite a ChangeKey that isn't the item's current one fails with
/// ErrorIrresolvableConflict, as Exchange reports a change made since the client read the item; AutoResolve and
/// AlwaysOverwrite apply the change anyway (the simulator keeps no per-property history, so ConflictResults
/// always counts 0).
extension WriteOperations {
    func updateItem(_ body: XMLNode, store: inout SimulatorStore) -> [Message] {
        let resolution = body.attribute("ConflictResolution") ?? "AutoResolve"
        let disposition = body.attribute("MessageDisposition") ?? "SaveOnly"
        let changes = body.child("ItemChanges")?.children("ItemChange") ?? []
        var saveIn: (mailbox: String, folder: Int)?
        if let saved = body.child("SavedItemFolderId") {
            guard case .success(let found) = folder(saved, in: store) else {
                return changes.map { _ in Self.failure("ErrorSavedItemFolderNotFound") }
            }
            saveIn = found
        }
        return changes.map { change -> Message in
            guard let idNode = change.child("ItemId") else { return Self.failure("ErrorInvalidIdMalformed") }
            let found: (mailbox: String, record: ItemRecord)
            switch locate(idNode, in: store) {
            case .success(let item): found = item
            case .failure(let error): return Self.failure(error.code)
            }
            if let changeKey = idNode.attribute("ChangeKey"), changeKey != found.record.changeKey {
                guard Data(base64Encoded: changeKey) != nil else { return Self.failure("ErrorInvalidChangeKey") }
                if resolution == "NeverOverwrite" { return Self.failure("ErrorIrresolvableConflict") }
            }
            var updated = found.record
            var onlyReadFlag = true
            for update in change.child("Updates")?.children ?? [] {
                guard let uri = update.child("FieldURI")?.attribute("FieldURI") else { continue }
                let value = update.children.first { $0.name != "FieldURI" && $0.name != "IndexedFieldURI" }
                apply(update.name, uri: uri, value: value, to: &updated)
                if uri != "message:IsRead" { onlyReadFlag = false }
            }
            let kind: ItemLogEntry.Kind = onlyReadFlag && updated.isRead != found.record.isRead
                ? .readFlag(updated.isRead) : .update
            if updated.draft != nil { Self.rebuildDraft(&updated) }
            store.updateItem(key: found.record.key, mailbox: found.mailbox, kind: kind) { record in
                record = updated
                record.lastModified = now
            }
            guard let current = store.mailboxes[found.mailbox]?.items[found.record.key] else {
                return Self.failure("ErrorItemNotFound")
            }
            if disposition != "SaveOnly" {
                let code = send(current, mailbox: found.mailbox, saveCopy: disposition == "SendAndSaveCopy",
                                in: saveIn, store: &store)
                return code == "NoError" ? (.success, { $0.empty("m:Items") }) : Self.failure(code)
            }
            let result = current
            return (
                .success,
                { output in
                    output.element("m:Items") { output in
                        output.element("t:Message") {
                            $0.empty("t:ItemId", [("Id", result.id), ("ChangeKey", result.changeKey)])
                        }
                    }
                    output.element("m:ConflictResults") { $0.element("t:Count", text: "0") }
                }
            )
        }
    }

    /// One `SetItemField`, `AppendToItemField` or `DeleteItemField`; `value` is the `t:Message` (or `t:Item`)
    /// element carrying the new value.
    private func apply(_ kind: String, uri: String, value: XMLNode?, to item: inout ItemRecord) {
        let deleting = kind == "DeleteItemField"
        switch uri {
        case "message:IsRead":
            item.isRead = deleting ? false : value?.child("IsRead")?.isTrue == true
        case "item:Subject":
            item.subject = deleting ? nil : value?.child("Subject")?.text
        case "item:Categories":
            let values = value?.child("Categories")?.children("String").map(\.text) ?? []
            if deleting {
                item.categories = []
            } else if kind == "AppendToItemField" {
                item.categories += values.filter { !item.categories.contains($0) }
            } else {
                item.categories = values
            }
        case "item:Flag":
            item.flagStatus = deleting ? "NotFlagged" : value?.child("Flag")?.child("FlagStatus")?.trimmedText
                ?? "NotFlagged"
        case "item:Importance":
            item.importance = deleting ? "Normal" : value?.child("Importance")?.trimmedText ?? "Normal"
        case "item:Body", "message:ToRecipients", "message:CcRecipients", "message:BccRecipients":
            guard var draft = item.draft else { break }
            switch uri {
            case "item:Body":
                draft.body = deleting ? nil : value?.child("Body").map { ($0.attribute("BodyType") ?? "Text", $0.text) }
            default:
                let name = String(uri.dropFirst("message:".count))
                let list = deleting ? [] : DraftMessage.mailboxes(value?.child(name))
                let append = kind == "AppendToItemField"
                switch name {
                case "ToRecipients": draft.to = append ? draft.to + list : list
                case "CcRecipients": draft.cc = append ? draft.cc + list : list
                default: draft.bcc = append ? draft.bcc + list : list
                }
            }
            item.draft = draft
        default:
            break
        }
        if uri == "item:Subject", item.draft != nil { item.draft?.subject = item.subject }
    }

    /// A draft's MIME (and what is read from it) made again from its properties after an update.
    static func rebuildDraft(_ item: inout ItemRecord) {
        guard let draft = item.draft else { return }
        item.mime = draft.mime(includingBcc: true)
        item.properties = MessageProperties(mime: item.mime)
        item.internetMessageID = item.properties.internetMessageID
    }

    /// "SendItem operation": sends saved drafts; with `SaveItemToFolder` a copy goes to SavedItemFolderId, else
    /// Sent Items.
    func sendItem(_ body: XMLNode, store: inout SimulatorStore) -> [Message] {
        let saveCopy = body.attribute("SaveItemToFolder").map(XMLNode.isTrue) ?? true
        var saveIn: (mailbox: String, folder: Int)?
        if let saved = body.child("SavedItemFolderId") {
            guard case .success(let found) = folder(saved, in: store) else {
                return (body.child("ItemIds")?.children ?? []).map { _ in Self.failure("ErrorSavedItemFolderNotFound", items: false) }
            }
            saveIn = found
        }
        return (body.child("ItemIds")?.children ?? []).map { node in
            switch locate(node, in: store) {
            case .failure(let error): return Self.failure(error.code, items: false)
            case .success(let found):
                let code = send(found.record, mailbox: found.mailbox, saveCopy: saveCopy, in: saveIn, store: &store)
                return code == "NoError" ? (.success, { _ in }) : Self.failure(code, items: false)
            }
        }
    }

    /// Sends a stored message: delivered to its recipients, then a copy kept in `saveIn` (else Sent Items) or none.
    /// - Returns: the response code.
    private func send(
        _ item: ItemRecord, mailbox: String, saveCopy: Bool, in saveIn: (mailbox: String, folder: Int)?,
        store: inout SimulatorStore
    ) -> String {
        let properties = item.properties
        guard !(properties.to + properties.cc + properties.bcc).isEmpty else { return "ErrorInvalidRecipients" }
        sendStored(item, store: &store)
        store.removeItem(key: item.key, mailbox: mailbox, keepHandle: saveCopy)
        guard saveCopy else { return "NoError" }
        let sentItems = store.mailboxes[mailbox]?.distinguished["sentitems"] ?? item.folderKey
        let target = saveIn ?? (mailbox: mailbox, folder: sentItems)
        var copy = item
        copy.isDraft = false
        copy.isRead = true
        store.relocateRemoved(copy, to: target.mailbox, folder: target.folder, now: now)
        return "NoError"
    }

    /// Delivers a stored draft to the recipient mailboxes the simulator has.
    private func sendStored(_ item: ItemRecord, store: inout SimulatorStore) {
        var delivered: Set<String> = []
        let properties = item.properties
        for recipient in properties.to + properties.cc + properties.bcc {
            let key = SimulatorStore.mailboxKey(recipient.address)
            guard delivered.insert(key).inserted, let inbox = store.mailboxes[key]?.distinguished["inbox"] else {
                continue
            }
            store.storeMessage(mime: item.mime, folderKey: inbox, mailbox: key, received: now, isRead: false)
        }
    }
}

extension SimulatorStore {
    /// Puts back, as a new item in `folder`, a record already removed from its folder (a sent draft's copy).
    mutating func relocateRemoved(_ item: ItemRecord, to mailbox: String, folder: Int, now: Date) {
        let guid = mailboxes[mailbox]?.guid ?? []
        let key = makeKey()
        let record = item.relocated(
            key: key, messageKey: item.messageKey, id: ids.make(.item, mailboxGUID: guid, serial: key),
            changeKey: ids.changeKey(version: 1), folderKey: folder, attachments: item.attachments, now: now
        )
        insertItem(record, mailbox: mailbox)
    }
}
