/// A folder named in a request: by id, or by its well-known name.
public enum EWSFolderReference: Sendable, Hashable {
    case id(EWSFolderID)
    /// Sent as `<t:DistinguishedFolderId>`, with a `<t:Mailbox>` child under delegate access.
    case distinguished(EWSDistinguishedFolder)
}

/// Well-known folder names (`DistinguishedFolderIdNameType`) that mail sync uses.
public enum EWSDistinguishedFolder: String, Sendable, Hashable, CaseIterable {
    /// The top of the whole mailbox, including non-mail system folders.
    case root
    /// The top of the folders a user sees ("Top of Information Store").
    case msgfolderroot
    case inbox
    case sentitems
    case drafts
    case deleteditems
    case junkemail
    case outbox
    case archivemsgfolderroot
}
