import Foundation

/// The simulated Entra ID's mutable state, kept in ``SimulatorState``: the registered applications (tests expire
/// their secrets or disable them), the tokens issued, the requests received and failures waiting.
struct IdentityState: Sendable {
    struct IssuedToken: Sendable {
        var login: String
        var expires: Date
    }

    var applications: [RegisteredApplication]
    /// The tenants of the configured applications: removing an app later leaves its tenant.
    let tenants: Set<String>
    var issued: [String: IssuedToken] = [:]
    var requests: [TokenRequestRecord] = []
    var failures: [TokenEndpointFailure] = []

    init(applications: [RegisteredApplication]) {
        self.applications = applications
        tenants = Set(applications.map { $0.tenant.lowercased() })
    }

    /// The login an issued token stands for, while it is valid.
    func login(forToken token: String, at now: Date) -> String? {
        guard let issued = issued[token], now < issued.expires else { return nil }
        return issued.login
    }

    func knowsTenant(_ tenant: String) -> Bool {
        tenants.contains(tenant.lowercased())
    }

    func applicationIndex(tenant: String, clientID: String) -> Int? {
        applications.firstIndex {
            $0.tenant.caseInsensitiveCompare(tenant) == .orderedSame
                && $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame
        }
    }
}
