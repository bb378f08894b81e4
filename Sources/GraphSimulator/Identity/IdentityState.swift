import Foundation

/// The simulated Entra ID's mutable state: registered applications (tests expire their secrets, disable them), the
/// tokens issued, the requests received and failures waiting.
struct IdentityState: Sendable {
    struct IssuedToken: Sendable {
        var clientID: String
        var expires: Date
    }

    var applications: [GraphApplication]
    /// The tenants known at start: removing an app later leaves its tenant.
    let tenants: [[String]]
    var issued: [String: IssuedToken] = [:]
    var requests: [GraphTokenRequest] = []
    var failures: [GraphTokenFailure] = []

    init(applications: [GraphApplication]) {
        self.applications = applications
        tenants = applications.map { [$0.tenantID] + $0.tenantDomains }
    }

    func knowsTenant(_ tenant: String) -> Bool {
        tenants.contains { names in names.contains { $0.caseInsensitiveCompare(tenant) == .orderedSame } }
    }

    /// The tenant's GUID for any of its names.
    func tenantID(_ tenant: String) -> String? {
        tenants.first { names in names.contains { $0.caseInsensitiveCompare(tenant) == .orderedSame } }?.first
    }

    func applicationIndex(tenant: String, clientID: String) -> Int? {
        applications.firstIndex {
            $0.isInTenant(tenant) && $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame
        }
    }

    func application(clientID: String) -> GraphApplication? {
        applications.first { $0.clientID.caseInsensitiveCompare(clientID) == .orderedSame }
    }
}
