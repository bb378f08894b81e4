

/// Makes the mail source for one mailbox of an integration: the engine's only way to reach a server.
public protocol MailSourceFactory: Sendable {
    /// - Throws: `MailSourceError` with kind `.configuration` when the integration can't be used.
    func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource
}
