/// Whose mailboxes a request may open: the authenticated account's own and those shared with it (delegate), or,
/// under impersonation, the impersonated owner's ("Delegate access and EWS", "Impersonation and EWS").
struct MailboxAccess: Sendable {
    let store: SimulatorStore
    /// The account whose rights apply: the impersonated owner's, or the caller's.
    let effectiveAccount: EWSSimulatorConfiguration.Account?
    /// The mailbox a `DistinguishedFolderId` without `Mailbox` means.
    let defaultMailbox: String?

    /// An error code, or nil when the mailbox may be opened.
    func check(mailbox smtpAddress: String) -> String? {
        let key = SimulatorStore.mailboxKey(smtpAddress)
        guard store.mailboxes[key] != nil else { return "ErrorNonExistentMailbox" }
        guard let account = effectiveAccount else {
            return key == defaultMailbox.map(SimulatorStore.mailboxKey) ? nil : "ErrorAccessDenied"
        }
        if let own = account.smtpAddress, SimulatorStore.mailboxKey(own) == key { return nil }
        if let defaultMailbox, SimulatorStore.mailboxKey(defaultMailbox) == key { return nil }
        if account.delegateMailboxes.contains(where: { SimulatorStore.mailboxKey($0) == key }) { return nil }
        return "ErrorAccessDenied"
    }

    enum FolderLookup {
        case found(mailbox: String, folder: FolderRecord)
        case failed(String)
    }

    /// Resolves a `FolderId` or `DistinguishedFolderId` element (`Mailbox/EmailAddress` honoured).
    func folder(_ node: XMLNode) -> FolderLookup {
        switch node.name {
        case "FolderId":
            guard let id = node.attribute("Id"), let location = store.folderIndex[id],
                let mailbox = store.mailboxes[location.mailbox], let folder = mailbox.folders[location.folder]
            else { return .failed("ErrorFolderNotFound") }
            if let error = check(mailbox: mailbox.smtpAddress) { return .failed(error) }
            return folder.isDeleted ? .failed("ErrorFolderNotFound") : .found(mailbox: location.mailbox, folder: folder)
        case "DistinguishedFolderId":
            let named = node.child("Mailbox")?.child("EmailAddress")?.trimmedText
            guard let smtpAddress = named ?? defaultMailbox else { return .failed("ErrorNonExistentMailbox") }
            if let error = check(mailbox: smtpAddress) { return .failed(error) }
            let mailboxKey = SimulatorStore.mailboxKey(smtpAddress)
            guard let name = node.attribute("Id")?.lowercased(), let mailbox = store.mailboxes[mailboxKey],
                let key = mailbox.distinguished[name], let folder = mailbox.folders[key]
            else { return .failed("ErrorFolderNotFound") }
            return .found(mailbox: mailboxKey, folder: folder)
        default:
            return .failed("ErrorInvalidIdMalformed")
        }
    }
}
