import Foundation

/// Answers the read endpoints (`GET /users/{id}/…`) from a consistent view of the state. No I/O, no changes.
struct GraphReader {
    let ticket: GraphTicket
    let state: GraphState
    let now: Date

    var context: ResponseContext { ticket.context }
    var options: QueryOptions { ticket.options }

    func answer() -> Result<GraphAnswer, GraphError> {
        guard let mailboxKey = ticket.mailbox, let mailbox = state.store.mailbox(mailboxKey) else {
            return .failure(.resourceNotFound)
        }
        switch ticket.route {
        case .folders:
            guard let top = mailbox.wellKnown["msgfolderroot"] else { return .failure(.itemNotFound) }
            return folderList(mailbox, parent: top, path: "mailFolders")
        case .childFolders(_, let folder):
            guard let key = state.store.folderKey(folder, mailbox: mailboxKey) else { return .failure(.itemNotFound) }
            return folderList(mailbox, parent: key, path: "mailFolders('\(Self.encode(folder))')/childFolders")
        case .folder(_, let folder):
            guard let key = state.store.folderKey(folder, mailbox: mailboxKey), let record = mailbox.folders[key] else {
                return .failure(.itemNotFound)
            }
            return folderSelect().map { select in
                .json(
                    .object(
                        [
                            (
                                "@odata.context",
                                .string(
                                    "\(context.metadata)#\(context.contextUser)/mailFolders/"
                                        + "$entity")
                            )
                        ]
                            + (FolderJSON.render(record, in: mailbox, select: select).members ?? [])))
            }
        case .folderDelta:
            return folderDelta(mailbox)
        case .messageDelta(_, let folder):
            guard let key = state.store.folderKey(folder, mailbox: mailboxKey), let record = mailbox.folders[key] else {
                return .failure(.itemNotFound)
            }
            return messageDelta(mailbox, folder: record, folderSegment: folder)
        case .folderMessages(_, let folder):
            guard let key = state.store.folderKey(folder, mailbox: mailboxKey) else { return .failure(.itemNotFound) }
            return messageList(
                mailbox, messages: mailbox.messages(in: key),
                path: "mailFolders('\(Self.encode(folder))')/messages")
        case .userMessages:
            return messageList(mailbox, messages: mailbox.messages.values.sorted { $0.key < $1.key }, path: "messages")
        case .message(_, let id):
            return message(id, in: mailboxKey).flatMap { message in
                messageSelect().map { select in
                    let folderID = mailbox.folders[message.folderKey]?.id ?? ""
                    let body = MessageJSON.render(
                        message, folderID: folderID, select: select, context: context,
                        odataType: false)
                    return .json(
                        .object(
                            [
                                (
                                    "@odata.context",
                                    .string(
                                        "\(context.metadata)#\(context.contextUser)/"
                                            + "messages/$entity")
                                )
                            ] + (body.members ?? [])),
                        headers: preferenceApplied(pageSize: false))
                }
            }
        case .mime(_, let id):
            return message(id, in: mailboxKey).map { message in
                GraphAnswer(status: 200, headers: [("Content-Type", "text/plain")], body: message.mime)
            }
        case .attachments(_, let id):
            return message(id, in: mailboxKey).map { message in
                let items = message.content.attachments.enumerated().map { index, attachment in
                    AttachmentJSON.render(attachment, index: index, message: message, context: context)
                }
                let path = "\(context.contextUser)/messages('\(Self.encode(id))')/attachments"
                return .json(
                    .object([
                        ("@odata.context", .string("\(context.metadata)#\(path)")),
                        ("value", .array(items)),
                    ]))
            }
        case .attachment(_, let id, let attachmentID), .attachmentValue(_, let id, let attachmentID):
            return message(id, in: mailboxKey).flatMap { message in
                attachment(attachmentID, of: message, messageID: id)
            }
        case .me, .subscriptions, .subscription, .reauthorize:
            return .failure(.methodNotAllowed)
        }
    }

    private func message(_ id: String, in mailbox: String) -> Result<MessageRecord, GraphError> {
        guard let key = state.store.messageKey(id: id, mailbox: mailbox),
            let message = state.store.message(key)?.record
        else { return .failure(.itemNotFound) }
        return .success(message)
    }

    private func attachment(
        _ attachmentID: String, of message: MessageRecord,
        messageID: String
    ) -> Result<GraphAnswer, GraphError> {
        let attachments = message.content.attachments
        guard let index = AttachmentJSON.index(of: attachmentID, messageID: messageID, count: attachments.count) else {
            return .failure(.itemNotFound)
        }
        let attachment = attachments[index]
        if case .attachmentValue = ticket.route {
            let contentType: String
            switch attachment.kind {
            case .file: contentType = attachment.contentType
            case .item: contentType = "text/plain"
            }
            return .success(
                GraphAnswer(status: 200, headers: [("Content-Type", contentType)], body: attachment.content))
        }
        let path = "\(context.contextUser)/messages('\(Self.encode(messageID))')/attachments/$entity"
        let body = AttachmentJSON.render(attachment, index: index, message: message, context: context)
        return .success(
            .json(
                .object(
                    [("@odata.context", .string("\(context.metadata)#\(path)"))]
                        + (body.members ?? []))))
    }

    func folderSelect() -> Result<[String]?, GraphError> {
        guard let select = options.select else { return .success(nil) }
        return FolderJSON.canonical(select).map { $0 }
    }

    func messageSelect() -> Result<[String]?, GraphError> {
        guard let select = options.select else { return .success(nil) }
        return MessageJSON.canonical(select).map { $0 }
    }

    /// `Preference-Applied` for the preferences honoured.
    func preferenceApplied(pageSize: Bool) -> [(String, String)] {
        var applied: [String] = []
        if pageSize, let size = ticket.head.maxPageSize { applied.append("odata.maxpagesize=\(min(size, 1000))") }
        if context.immutableIDs { applied.append("IdType=\"ImmutableId\"") }
        return applied.isEmpty ? [] : [("Preference-Applied", applied.joined(separator: ", "))]
    }

    /// A path segment percent-encoded for a link.
    static func encode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~=@")))
            ?? segment
    }

    /// `users/{as the client wrote it}`, the start of every link.
    var userPath: String { "\(context.serviceRoot)/users/\(context.userSegment)" }
}
