import Domain

/// The Entra ID error codes a client credentials request meets, each with what it means for the integration and
/// what the operator should do (learn.microsoft.com/entra/identity-platform/reference-error-codes;
/// learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal). Microsoft warns
/// that codes and texts change, so unknown codes fall back on the OAuth `error` field (see ``TokenResponse``).
enum AADSTSCode {
    struct Meaning {
        var kind: MailSourceError.Kind
        /// What happened and what to do, in a fixed text (it becomes the error record's summary).
        var advice: String
    }

    static let known: [Int: Meaning] = [
        7_000_215: Meaning(kind: .authentication, advice: "the client secret is wrong (use the secret's value, not "
            + "its id): create a new one in Entra ID and update the integration"),
        7_000_222: Meaning(kind: .authentication, advice: "the client secret has expired: create a new one in "
            + "Entra ID and update the integration"),
        700_016: Meaning(kind: .authentication, advice: "the application was not found in the tenant: check "
            + "client_id, tenant_id and cloud, and that the app is consented in this tenant"),
        7_000_112: Meaning(kind: .authentication, advice: "the application is disabled in Entra ID: enable it, or "
            + "update the integration with another app"),
        90002: Meaning(kind: .authentication, advice: "the tenant was not found: check tenant_id and cloud"),
        900_023: Meaning(kind: .authentication, advice: "tenant_id is neither a directory GUID nor a domain: "
            + "check tenant_id"),
        700_027: Meaning(kind: .authentication, advice: "the client assertion's signature did not verify: upload "
            + "the certificate to the app registration, or update the integration's certificate and key"),
        700_024: Meaning(kind: .authentication, advice: "the client assertion is outside its validity period: "
            + "check this server's clock"),
        700_023: Meaning(kind: .authentication, advice: "the client assertion's audience is wrong: check cloud "
            + "and authority_host"),
        700_021: Meaning(kind: .authentication, advice: "the client assertion names another application: check "
            + "client_id"),
        53003: Meaning(kind: .authentication, advice: "Conditional Access blocked the application: ask the "
            + "tenant's administrators to allow it"),
        7_000_218: Meaning(kind: .configuration, advice: "the request had no client secret or assertion: set "
            + "client_secret, or client_certificate and client_private_key"),
        500_011: Meaning(kind: .configuration, advice: "Exchange Online is not available in this tenant or cloud: "
            + "check cloud"),
        70011: Meaning(kind: .configuration, advice: "the scope is not valid for this cloud: check cloud"),
        90033: Meaning(kind: .transient(retryAfter: nil), advice: "Entra ID had a transient error"),
    ]
}
