import EntraSimulator
import Foundation

/// An application registered in the simulated Entra ID tenant: what the token endpoint checks a client credentials
/// request against, and whose rights the tokens it issues carry at the EWS endpoint.
public typealias RegisteredApplication = EntraApplication<EWSApplicationRights>

/// What the EWS simulator keeps with a registered application: whose rights its tokens carry.
public struct EWSApplicationRights: Sendable, Hashable {
    /// The simulator account whose rights the app's tokens carry (an account with
    /// ``EWSSimulatorConfiguration/Account/canImpersonate`` stands for `full_access_as_app`).
    public var login: String

    public init(login: String) {
        self.login = login
    }
}

extension EntraApplication where Attachment == EWSApplicationRights {
    /// An application of the tenant `tenant` (named in the token request's path) whose tokens carry `login`'s
    /// rights.
    public init(
        tenant: String, clientID: String, secrets: [EntraSecret] = [], certificatePEM: String? = nil,
        login: String, enabled: Bool = true
    ) {
        self.init(
            tenantID: tenant, clientID: clientID, secrets: secrets, certificatePEM: certificatePEM,
            enabled: enabled, attachment: EWSApplicationRights(login: login))
    }

    /// The directory (tenant) the app lives in; token requests name it in the path.
    public var tenant: String {
        get { tenantID }
        set { tenantID = newValue }
    }

    /// The simulator account whose rights the app's tokens carry.
    public var login: String {
        get { attachment.login }
        set { attachment.login = newValue }
    }
}
