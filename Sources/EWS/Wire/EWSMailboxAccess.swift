/// Whose mailbox a request reads, and how the server is told.
///
/// See "Delegate access and EWS in Exchange" and "Impersonation and EWS in Exchange" (learn.microsoft.com).
public enum EWSMailboxAccess: Sendable, Hashable {
    /// The mailbox of the account that authenticates.
    case own
    /// Another mailbox, read with the caller's own identity and folder permissions: every distinguished folder id
    /// names the mailbox (`<t:DistinguishedFolderId Id="…"><t:Mailbox><t:EmailAddress>…`).
    case delegate(smtpAddress: String)
    /// Act as the mailbox's owner (ApplicationImpersonation): an `ExchangeImpersonation` SOAP header and the
    /// `X-AnchorMailbox` HTTP header, which Exchange Online requires with impersonation.
    case impersonation(smtpAddress: String)
}
