import Foundation

/// An application registered in the simulated Entra ID tenant: what the token endpoint checks a client credentials
/// request against, and whose rights the tokens it issues carry at the EWS endpoint.
public struct RegisteredApplication: Sendable, Hashable {
    /// A client secret and when it expires (nil: never).
    public struct Secret: Sendable, Hashable {
        public var value: String
        public var expires: Date?

        public init(_ value: String, expires: Date? = nil) {
            self.value = value
            self.expires = expires
        }
    }

    /// The directory (tenant) id the app lives in; token requests name it in the path.
    public var tenant: String
    /// The application (client) id.
    public var clientID: String
    public var secrets: [Secret]
    /// The certificate uploaded to the registration (PEM): client assertions must be signed by its key and name
    /// its thumbprint.
    public var certificatePEM: String?
    /// The simulator account whose rights the app's tokens carry (an account with
    /// ``EWSSimulatorConfiguration/Account/canImpersonate`` stands for `full_access_as_app`).
    public var login: String
    /// A disabled app gets AADSTS7000112.
    public var enabled: Bool

    public init(tenant: String, clientID: String, secrets: [Secret] = [], certificatePEM: String? = nil,
                login: String, enabled: Bool = true) {
        self.tenant = tenant
        self.clientID = clientID
        self.secrets = secrets
        self.certificatePEM = certificatePEM
        self.login = login
        self.enabled = enabled
    }
}

/// A failure the token endpoint answers with instead of issuing a token.
public enum TokenEndpointFailure: Sendable, Hashable {
    /// HTTP 503 with `temporarily_unavailable`.
    case serviceUnavailable
    /// HTTP 429 with `Retry-After` in seconds.
    case throttled(retryAfter: Int)
}

/// One request the token endpoint received, for tests to count and inspect (never the secret itself).
public struct TokenRequestRecord: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        case secret, assertion, none
    }

    public var tenant: String
    public var clientID: String?
    public var credential: Credential
    /// The HTTP status answered.
    public var status: Int
    /// The AADSTS code of an error answer.
    public var errorCode: Int?
}
