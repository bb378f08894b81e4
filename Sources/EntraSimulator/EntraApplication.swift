import Foundation

/// An application registered in the simulated Entra ID: what the token endpoint checks a client credentials request
/// against. `Attachment` is what one simulator needs on top (EWS: the account whose rights the tokens carry;
/// Graph: the application access policy); the token endpoint never reads it, it only hands it on with the tokens.
public struct EntraApplication<Attachment: Sendable & Hashable>: Sendable, Hashable {
    public typealias Secret = EntraSecret

    /// The directory (tenant) id; token requests may name it or one of ``tenantDomains``.
    public var tenantID: String
    /// Other names of the tenant (`contoso.onmicrosoft.com`).
    public var tenantDomains: [String]
    /// The application (client) id.
    public var clientID: String
    /// The registration's name, which Entra ID puts in some error descriptions.
    public var displayName: String
    public var secrets: [EntraSecret]
    /// The certificate uploaded to the registration (PEM, RSA): client assertions must be signed by its key and
    /// name its thumbprint.
    public var certificatePEM: String?
    /// A disabled app gets AADSTS7000112.
    public var enabled: Bool
    /// What the simulator using this Entra ID keeps with the application.
    public var attachment: Attachment

    public init(
        tenantID: String, tenantDomains: [String] = [], clientID: String, displayName: String = "Mailstream",
        secrets: [EntraSecret] = [], certificatePEM: String? = nil, enabled: Bool = true, attachment: Attachment
    ) {
        self.tenantID = tenantID
        self.tenantDomains = tenantDomains
        self.clientID = clientID
        self.displayName = displayName
        self.secrets = secrets
        self.certificatePEM = certificatePEM
        self.enabled = enabled
        self.attachment = attachment
    }

    /// Whether a token request's `{tenant}` names this app's tenant.
    public func isInTenant(_ tenant: String) -> Bool {
        ([tenantID] + tenantDomains).contains { $0.caseInsensitiveCompare(tenant) == .orderedSame }
    }
}

/// A client secret and when it expires (nil: never).
public struct EntraSecret: Sendable, Hashable {
    public var value: String
    public var expires: Date?

    public init(_ value: String, expires: Date? = nil) {
        self.value = value
        self.expires = expires
    }
}

/// A failure the token endpoint answers with instead of issuing a token.
public enum EntraTokenFailure: Sendable, Hashable {
    /// HTTP 503 with `temporarily_unavailable` (AADSTS90033).
    case serviceUnavailable
    /// HTTP 429 with `Retry-After` in seconds.
    case throttled(retryAfter: Int)
}

/// One request the token endpoint received, for tests to count and inspect (never the secret itself).
public struct EntraTokenRequest: Sendable, Hashable {
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

/// An answer of the simulated Entra ID as plain HTTP, which each simulator writes with its own server.
public struct EntraAnswer: Sendable {
    public var status: Int
    /// `Content-Type`, `Cache-Control` and, when throttled, `Retry-After`, in order.
    public var headers: [(String, String)]
    public var body: [UInt8]

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    static func json(_ object: [String: Any], status: Int) -> EntraAnswer {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return EntraAnswer(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store, no-cache")],
            body: Array(data))
    }
}
