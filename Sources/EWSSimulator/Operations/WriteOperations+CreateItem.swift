import Foundation

/// "CreateItem operation (email message)": SaveOnly stores a draft (in SavedItemFolderId, else Drafts) and returns
/// its ItemId; SendOnly delivers into the Inbox of each recipient mailbox the simulator has; SendAndSaveCopy
/// delivers and saves a copy in SavedItemFolderId, else the sender's Sent Items. Sent messages return no ItemId.
extension WriteOperations {
    func createItem(_ body: XMLNode, store: inout SimulatorStore) -> [Message] {
        let disposition = body.attribute("MessageDisposition") ?? "SaveOnly"
        let nodes = body.child("Items")?.children ?? []
        guard ["SaveOnly", "SendOnly", "SendAndSaveCopy"].contains(disposition) else {
            return nodes.map { _ in Self.failure("ErrorInvalidRequest") }
        }
        var saveIn: (mailbox: String, folder: Int)?
        if let saved = body.child("SavedItemFolderId") {
            switch folder(saved, in: store) {
            case .success(let found): saveIn = found
            case .failure(let error):
                let code = error.code == "ErrorFolderNotFound" ? "ErrorSavedItemFolderNotFound" : error.code
                return nodes.map { _ in Self.failure(code) }
            }
        }
        // The sender: the mailbox of the saved copy, else the caller's (or impersonated) mailbox.
        guard let sender = saveIn?.mailbox ?? access.defaultMailbox.map(SimulatorStore.mailboxKey),
            let senderRecord = store.mailboxes[sender]
        else { return nodes.map { _ in Self.failure("ErrorNonExistentMailbox") } }
        if saveIn == nil, disposition != "SendOnly" {
            let name = disposition == "SaveOnly" ? "drafts" : "sentitems"
            guard let key = senderRecord.distinguished[name] else {
                return nodes.map { _ in Self.failure("ErrorFolderNotFound") }
            }
            saveIn = (sender, key)
        }
        return nodes.map { node -> Message in
            guard node.name == "Message" else { return Self.failure("ErrorInvalidItemForOperationCreateItem") }
            let draft = DraftMessage(node, from: senderRecord.smtpAddress, now: now)
            if disposition != "SaveOnly" {
                guard !draft.recipients.isEmpty else { return Self.failure("ErrorInvalidRecipients") }
                deliver(draft, store: &store)
            }
            guard let saveIn else { return (.success, { $0.empty("m:Items") }) }
            let created = store.storeMessage(
                mime: draft.mime(includingBcc: true), folderKey: saveIn.folder, mailbox: saveIn.mailbox, received: now,
                isRead: disposition != "SaveOnly" || draft.isRead, isDraft: disposition == "SaveOnly"
            ) { record in
                // A draft keeps what it was made from, so UpdateItem can change its body and recipients.
                if disposition == "SaveOnly", draft.givenMIME == nil { record.draft = draft }
                record.categories = draft.categories
                if let importance = draft.importance { record.importance = importance }
            }
            guard disposition == "SaveOnly" else { return (.success, { $0.empty("m:Items") }) }
            return (
                .success,
                { output in
                    output.element("m:Items") { output in
                        output.element("t:Message") { output in
                            output.empty("t:ItemId", [("Id", created.id), ("ChangeKey", created.changeKey)])
                            guard !created.attachments.isEmpty else { return }
                            output.element("t:Attachments") { output in
                                for attachment in created.attachments {
                                    output.element("t:FileAttachment") { output in
                                        output.empty(
                                            "t:AttachmentId",
                                            [("Id", attachment.id), ("RootItemId", created.id),
                                             ("RootItemChangeKey", created.changeKey)])
                                    }
                                }
                            }
                        }
                    }
                }
            )
        }
    }

    /// Delivers a sent message into the Inbox of every recipient mailbox the simulator has (others are outside the
    /// simulated organisation and are dropped), unread, without the Bcc field.
    func deliver(_ draft: DraftMessage, store: inout SimulatorStore) {
        var delivered: Set<String> = []
        for recipient in draft.recipients {
            let key = SimulatorStore.mailboxKey(recipient.address)
            guard delivered.insert(key).inserted, let inbox = store.mailboxes[key]?.distinguished["inbox"] else {
                continue
            }
            store.storeMessage(mime: draft.mime(includingBcc: false), folderKey: inbox, mailbox: key, received: now,
                               isRead: false)
        }
    }
}

/// A message as a CreateItem `t:Message` describes it, and the MIME Exchange would make of it.
struct DraftMessage: Sendable {
    var from: String
    var subject: String?
    var body: (type: String, text: String)?
    var to: [MessageProperties.Address] = []
    var cc: [MessageProperties.Address] = []
    var bcc: [MessageProperties.Address] = []
    var categories: [String] = []
    var importance: String?
    var isRead = false
    var messageID: String
    var date: Date
    var attachments: [(name: String, contentType: String, content: [UInt8], isInline: Bool, contentID: String?)] = []
    /// `MimeContent` sent by the client: used as the message itself.
    var givenMIME: [UInt8]?

    var recipients: [MessageProperties.Address] { to + cc + bcc }

    init(_ node: XMLNode, from: String, now: Date) {
        self.from = from
        date = now
        messageID = "<\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last ?? "simulator.local")>"
        if let mime = node.child("MimeContent").flatMap({ Data(base64Encoded: $0.trimmedText) }) {
            givenMIME = Array(mime)
            let properties = MessageProperties(mime: Array(mime))
            to = properties.to
            cc = properties.cc
            bcc = properties.bcc
        }
        subject = node.child("Subject")?.text
        if let body = node.child("Body") { self.body = (body.attribute("BodyType") ?? "Text", body.text) }
        to += Self.mailboxes(node.child("ToRecipients"))
        cc += Self.mailboxes(node.child("CcRecipients"))
        bcc += Self.mailboxes(node.child("BccRecipients"))
        categories = node.child("Categories")?.children("String").map(\.text) ?? []
        importance = node.child("Importance")?.trimmedText
        isRead = node.child("IsRead")?.isTrue == true
        if let id = node.child("InternetMessageId")?.trimmedText, !id.isEmpty { messageID = id }
        for file in node.child("Attachments")?.children("FileAttachment") ?? [] {
            attachments.append((
                file.child("Name")?.text ?? "attachment", file.child("ContentType")?.trimmedText
                    ?? "application/octet-stream",
                Array(Data(base64Encoded: file.child("Content")?.trimmedText ?? "") ?? Data()),
                file.child("IsInline")?.isTrue == true, file.child("ContentId")?.trimmedText
            ))
        }
    }

    static func mailboxes(_ node: XMLNode?) -> [MessageProperties.Address] {
        (node?.children("Mailbox") ?? []).compactMap { mailbox in
            guard let address = mailbox.child("EmailAddress")?.trimmedText, !address.isEmpty else { return nil }
            let name = mailbox.child("Name")?.trimmedText
            return MessageProperties.Address(name: name?.isEmpty == false ? name : nil, address: address)
        }
    }

    /// RFC 5322 text: the client's MimeContent when it sent one, else built from the properties (UTF-8 text in
    /// base64, attachments as parts of a multipart/mixed).
    func mime(includingBcc: Bool) -> [UInt8] {
        if let givenMIME { return givenMIME }
        var lines = ["From: \(from)"]
        if !to.isEmpty { lines.append("To: \(Self.list(to))") }
        if !cc.isEmpty { lines.append("Cc: \(Self.list(cc))") }
        if includingBcc, !bcc.isEmpty { lines.append("Bcc: \(Self.list(bcc))") }
        if let subject { lines.append("Subject: \(Self.encodedWord(subject))") }
        lines.append("Date: \(Self.rfc5322Date(date))")
        lines.append("Message-ID: \(messageID)")
        if let importance, importance != "Normal" { lines.append("Importance: \(importance)") }
        lines.append("MIME-Version: 1.0")
        let isHTML = body?.type == "HTML"
        let textPart = [
            "Content-Type: text/\(isHTML ? "html" : "plain"); charset=utf-8", "Content-Transfer-Encoding: base64", "",
            Self.base64Lines(Array((body?.text ?? "").utf8)),
        ]
        guard !attachments.isEmpty else { return Array((lines + textPart).joined(separator: "\r\n").utf8) }
        let boundary = "=_sim_\(UUID().uuidString)"
        lines.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        lines += ["", "--\(boundary)"] + textPart
        for attachment in attachments {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(attachment.contentType); name=\"\(attachment.name)\"")
            lines.append("Content-Disposition: \(attachment.isInline ? "inline" : "attachment"); "
                + "filename=\"\(attachment.name)\"")
            if let contentID = attachment.contentID { lines.append("Content-ID: <\(contentID)>") }
            lines += ["Content-Transfer-Encoding: base64", "", Self.base64Lines(attachment.content)]
        }
        lines.append("--\(boundary)--")
        return Array((lines + [""]).joined(separator: "\r\n").utf8)
    }

    private static func list(_ addresses: [MessageProperties.Address]) -> String {
        addresses.map { address in
            guard let name = address.name, name != address.address else { return address.address }
            return "\(encodedWord(name)) <\(address.address)>"
        }.joined(separator: ", ")
    }

    private static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 126 || $0.value < 32 }) else { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    private static func base64Lines(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                  .endLineWithLineFeed])
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
