
/// Makes the mail source for one mailbox of an integration: the engine's only way to reach a server.
public protocol MailSourceFactory: Sendable {
    /// - Throws: `MailSourceError` with kind `.configuration` when the integration can't be used.
    func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource

    /// The error record kind of a refused login on an integration of `kind`: each names the server whose login to
    /// fix (`invalid_imap_credentials`, `invalid_exchange_credentials`).
    func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind

    /// The integration's credentials that expire at a known time (an Entra ID client certificate), for the engine to
    /// tell people before they do; those that can't be read are left out (making a source reports them).
    func credentials(of integration: Integration) -> [CredentialValidity]
}

extension MailSourceFactory {
    /// Communications Mining's only credentials kind, for factories that don't say.
    public func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind { .invalidExchangeCredentials }

    /// None known, for factories that don't say.
    public func credentials(of integration: Integration) -> [CredentialValidity] { [] }
}
