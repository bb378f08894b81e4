import Foundation

/// An application registered in the simulated Entra ID tenant with the Mail.Read application permission: what the
/// token endpoint checks a client credentials request against, and whose app-only tokens Graph accepts.
public struct GraphApplication: Sendable, Hashable {
    /// A client secret and when it expires (nil: never).
    public struct Secret: Sendable, Hashable {
        public var value: String
        public var expires: Date?

        public init(_ value: String, expires: Date? = nil) {
            self.value = value
            self.expires = expires
        }
    }

    /// The directory (tenant) id, a GUID; token requests may name it or one of ``tenantDomains``.
    public var tenantID: String
    /// Other names of the tenant (`contoso.onmicrosoft.com`).
    public var tenantDomains: [String]
    /// The application (client) id.
    public var clientID: String
    public var displayName: String
    public var secrets: [Secret]
    /// The certificate uploaded to the registration (PEM, RSA): client assertions must be signed by its key and
    /// name its thumbprint.
    public var certificatePEM: String?
    /// A disabled app gets AADSTS7000112.
    public var enabled: Bool
    /// An application access policy (`New-ApplicationAccessPolicy … -AccessRight RestrictAccess`): the only
    /// mailboxes the app may open; others answer 403 ErrorAccessDenied "Access to OData is disabled.". Nil: all.
    public var allowedMailboxes: Set<String>?

    public init(
        tenantID: String, tenantDomains: [String] = [], clientID: String, displayName: String = "Mailstream",
        secrets: [Secret] = [], certificatePEM: String? = nil, enabled: Bool = true,
        allowedMailboxes: Set<String>? = nil
    ) {
        self.tenantID = tenantID
        self.tenantDomains = tenantDomains
        self.clientID = clientID
        self.displayName = displayName
        self.secrets = secrets
        self.certificatePEM = certificatePEM
        self.enabled = enabled
        self.allowedMailboxes = allowedMailboxes
    }

    /// Whether a token request's `{tenant}` names this app's tenant.
    func isInTenant(_ tenant: String) -> Bool {
        ([tenantID] + tenantDomains).contains { $0.caseInsensitiveCompare(tenant) == .orderedSame }
    }

    func mayOpen(_ mailbox: String) -> Bool {
        guard let allowedMailboxes else { return true }
        return allowedMailboxes.contains { MailStore.mailboxKey($0) == mailbox }
    }
}

/// A failure the token endpoint answers with instead of issuing a token.
public enum GraphTokenFailure: Sendable, Hashable {
    /// HTTP 503 with `temporarily_unavailable` (AADSTS90033).
    case serviceUnavailable
    /// HTTP 429 with `Retry-After` in seconds.
    case throttled(retryAfter: Int)
}

/// One request the token endpoint received (never the secret itself).
public struct GraphTokenRequest: Sendable, Hashable {
    public enum Credential: String, Sendable, Hashable {
        case secret, assertion, none
    }

    public var tenant: String
    public var clientID: String?
    public var scope: String?
    public var credential: Credential
    /// The HTTP status answered.
    public var status: Int
    /// The AADSTS code of an error answer.
    public var errorCode: Int?
}
