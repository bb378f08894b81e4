import Foundation

/// GetItem, GetFolder, FindFolder and GetAttachment: one response message per requested id.
extension OperationExecutor {
    /// "GetItem operation (email message)": per-item errors don't fail the batch.
    func getItem(_ body: XMLNode) -> [Message] {
        let shape = ItemShape(body.child("ItemShape"))
        let ids = body.child("ItemIds")?.children ?? []
        return ids.map { node -> Message in
            let fail = { (code: String) -> Message in (SOAPEnvelope.Status(code: code), { $0.empty("m:Items") }) }
            guard node.name == "ItemId", let id = node.attribute("Id"), !id.isEmpty else {
                return fail("ErrorInvalidIdMalformed")
            }
            guard let found = store.item(id: id), let mailbox = store.mailboxes[found.mailbox] else {
                return fail(Data(base64Encoded: id) == nil ? "ErrorInvalidIdMalformed" : "ErrorItemNotFound")
            }
            if let error = access.check(mailbox: mailbox.smtpAddress) { return fail(error) }
            if let failure = found.record.failure { return fail(failure.rawValue) }
            return (
                .success,
                { output in
                    output.element("m:Items") {
                        ItemWriter.write(found.record, mailbox: mailbox, shape: shape, into: &$0)
                    }
                }
            )
        }
    }

    /// "GetFolder operation".
    func getFolder(_ body: XMLNode) -> [Message] {
        let shape = FolderShape(body.child("FolderShape"))
        return (body.child("FolderIds")?.children ?? []).map { node -> Message in
            guard case .found(let mailboxKey, let folder) = access.folder(node),
                let mailbox = store.mailboxes[mailboxKey]
            else {
                guard case .failed(let code) = access.folder(node) else { return (.success, { _ in }) }
                return (SOAPEnvelope.Status(code: code), { $0.empty("m:Folders") })
            }
            return (
                .success,
                { output in
                    output.element("m:Folders") {
                        FolderWriter.write(folder, mailbox: mailbox, shape: shape, into: &$0)
                    }
                }
            )
        }
    }

    /// "FindFolder operation": Shallow or Deep traversal, paged by `IndexedPageFolderView`.
    func findFolder(_ body: XMLNode) -> [Message] {
        let shape = FolderShape(body.child("FolderShape"))
        let deep = body.attribute("Traversal") == "Deep"
        let view = body.child("IndexedPageFolderView")
        let maxEntries = view?.attribute("MaxEntriesReturned").flatMap(Int.init) ?? Int.max
        let offset = max(view?.attribute("Offset").flatMap(Int.init) ?? 0, 0)
        let fromEnd = view?.attribute("BasePoint") == "End"
        return (body.child("ParentFolderIds")?.children ?? []).map { node -> Message in
            guard case .found(let mailboxKey, let parent) = access.folder(node),
                let mailbox = store.mailboxes[mailboxKey]
            else {
                guard case .failed(let code) = access.folder(node) else { return (.success, { _ in }) }
                return (SOAPEnvelope.Status(code: code), { _ in })
            }
            var all = mailbox.descendants(of: parent.key, deep: deep)
            if fromEnd { all.reverse() }
            let start = min(offset, all.count)
            let end = min(start + max(maxEntries, 0), all.count)
            let page = all[start..<end]
            return (
                .success,
                { output in
                    output.element(
                        "m:RootFolder",
                        [
                            ("IndexedPagingOffset", String(end)), ("TotalItemsInView", String(all.count)),
                            ("IncludesLastItemInRange", end == all.count ? "true" : "false"),
                        ]
                    ) { output in
                        output.element("t:Folders") { output in
                            for folder in page {
                                FolderWriter.write(folder, mailbox: mailbox, shape: shape, into: &output)
                            }
                        }
                    }
                }
            )
        }
    }

    /// "GetAttachment operation": file attachments with their content.
    func getAttachment(_ body: XMLNode) -> [Message] {
        (body.child("AttachmentIds")?.children ?? []).map { node -> Message in
            guard let id = node.attribute("Id"), let found = store.attachment(id: id),
                let mailbox = store.mailboxes[found.mailbox]
            else { return (SOAPEnvelope.Status(code: "ErrorItemNotFound"), { $0.empty("m:Attachments") }) }
            if let error = access.check(mailbox: mailbox.smtpAddress) {
                return (SOAPEnvelope.Status(code: error), { $0.empty("m:Attachments") })
            }
            let attachment = found.attachment
            return (
                .success,
                { output in
                    output.element("m:Attachments") { output in
                        output.element("t:FileAttachment") { output in
                            output.empty("t:AttachmentId", [("Id", attachment.id)])
                            output.element("t:Name", text: attachment.name)
                            output.element("t:ContentType", text: attachment.contentType)
                            output.element("t:Size", text: String(attachment.content.count))
                            output.element("t:Content", text: Data(attachment.content).base64EncodedString())
                        }
                    }
                }
            )
        }
    }

    /// "FindItem operation": the items of a folder that match the `Restriction`, in the `SortOrder` (newest first
    /// when none is given), paged by `IndexedPageItemView` (Offset from the BasePoint, MaxEntriesReturned).
    func findItem(_ body: XMLNode) -> [Message] {
        let shape = ItemShape(body.child("ItemShape"))
        let view = body.child("IndexedPageItemView")
        let maxEntries = view?.attribute("MaxEntriesReturned").flatMap(Int.init) ?? Int.max
        let offset = max(view?.attribute("Offset").flatMap(Int.init) ?? 0, 0)
        let fromEnd = view?.attribute("BasePoint") == "End"
        let folders = body.child("ParentFolderIds")?.children ?? []
        let query: ItemQuery
        do {
            query = try ItemQuery(body)
        } catch {
            return folders.map { _ in (SOAPEnvelope.Status(code: error.code), { _ in }) }
        }
        return folders.map { node -> Message in
            guard case .found(let mailboxKey, let folder) = access.folder(node),
                let mailbox = store.mailboxes[mailboxKey]
            else {
                guard case .failed(let code) = access.folder(node) else { return (.success, { _ in }) }
                return (SOAPEnvelope.Status(code: code), { _ in })
            }
            let matching = query.apply(to: mailbox.items(in: folder.key))
            let total = matching.count
            let start = min(offset, total)
            let end = min(start + min(max(maxEntries, 0), total), total)
            // BasePoint End counts the offset back from the last item; the page keeps the view's order.
            let page = fromEnd ? matching[(total - end)..<(total - start)] : matching[start..<end]
            return (
                .success,
                { output in
                    output.element(
                        "m:RootFolder",
                        [
                            ("IndexedPagingOffset", String(end)), ("TotalItemsInView", String(total)),
                            ("IncludesLastItemInRange", end == total ? "true" : "false"),
                        ]
                    ) { output in
                        output.element("t:Items") { output in
                            for item in page { ItemWriter.write(item, mailbox: mailbox, shape: shape, into: &output) }
                        }
                    }
                }
            )
        }
    }
}
