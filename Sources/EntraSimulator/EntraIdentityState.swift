import Foundation

/// The simulated Entra ID's mutable state, kept by each simulator under its lock: the registered applications
/// (tests expire their secrets, disable or remove them), the tokens issued, the requests received and the failures
/// waiting.
public struct EntraIdentityState<Attachment: Sendable & Hashable>: Sendable {
    /// A token issued, with the application's attachment as it was then: a token outlives its app's removal, as in
    /// Entra ID.
    public struct IssuedToken: Sendable {
        public var clientID: String
        public var tenantID: String
        public var attachment: Attachment
        public var expires: Date
    }

    public var applications: [EntraApplication<Attachment>]
    /// The names of each tenant known at start: removing an app later leaves its tenant.
    public let tenants: [[String]]
    public var issued: [String: IssuedToken] = [:]
    public var requests: [EntraTokenRequest] = []
    public var failures: [EntraTokenFailure] = []

    public init(applications: [EntraApplication<Attachment>]) {
        self.applications = applications
        tenants = applications.map { [$0.tenantID] + $0.tenantDomains }
    }

    /// The token, while it is valid.
    public func token(_ token: String, at now: Date) -> IssuedToken? {
        guard let issued = issued[token], now < issued.expires else { return nil }
        return issued
    }

    public func knowsTenant(_ tenant: String) -> Bool {
        tenantID(tenant) != nil
    }

    /// The tenant's id for any of its names.
    public func tenantID(_ tenant: String) -> String? {
        tenants.first { names in names.contains { $0.caseInsensitiveCompare(tenant) == .orderedSame } }?.first
    }

    func applicationIndex(tenant: String, clientID: String) -> Int? {
        applications.firstIndex {
            $0.isInTenant(tenant) && $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame
        }
    }

    public func application(clientID: String) -> EntraApplication<Attachment>? {
        applications.first { $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame }
    }

    /// Changes every application with this client id.
    public mutating func updateApplications(
        clientID: String, _ change: (inout EntraApplication<Attachment>) -> Void
    ) {
        for index in applications.indices
        where applications[index].clientID.caseInsensitiveCompare(clientID) == .orderedSame {
            change(&applications[index])
        }
    }

    /// Makes every secret of an application expire at `now`: the next token request with one gets AADSTS7000222.
    public mutating func expireSecrets(clientID: String, now: Date) {
        updateApplications(clientID: clientID) { application in
            application.secrets = application.secrets.map { .init($0.value, expires: now) }
        }
    }

    /// Deletes an application's registration (AADSTS700016 from then on); its tokens work until they expire.
    public mutating func removeApplication(clientID: String) {
        applications.removeAll { $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame }
    }

    /// Makes every token issued so far expire at `now`.
    public mutating func expireIssuedTokens(now: Date) {
        for token in issued.keys { issued[token]?.expires = now }
    }

    /// Answers the next `count` token requests with `failure`.
    public mutating func failNextTokenRequests(with failure: EntraTokenFailure, count: Int) {
        failures += Array(repeating: failure, count: max(count, 0))
    }
}
