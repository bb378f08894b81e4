
/// Makes the mail source for one mailbox of an integration: the engine's only way to reach a server.
public protocol MailSourceFactory: Sendable {
    /// - Throws: `MailSourceError` with kind `.configuration` when the integration can't be used.
    func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource

    /// The error record kind of a refused login on an integration of `kind`: each names the server whose login to
    /// fix (`invalid_imap_credentials`, `invalid_exchange_credentials`).
    func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind
}

extension MailSourceFactory {
    /// Communications Mining's only credentials kind, for factories that don't say.
    public func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind { .invalidExchangeCredentials }
}
