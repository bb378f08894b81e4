import EntraSimulator
import Foundation

/// An application registered in the simulated Entra ID tenant with the Mail.Read application permission: what the
/// token endpoint checks a client credentials request against, and whose app-only tokens Graph accepts.
public typealias GraphApplication = EntraApplication<GraphApplicationAccess>

/// What the Graph simulator keeps with a registered application: its application access policy.
public struct GraphApplicationAccess: Sendable, Hashable {
    /// An application access policy (`New-ApplicationAccessPolicy … -AccessRight RestrictAccess`): the only
    /// mailboxes the app may open; others answer 403 ErrorAccessDenied "Access to OData is disabled.". Nil: all.
    public var allowedMailboxes: Set<String>?

    public init(allowedMailboxes: Set<String>? = nil) {
        self.allowedMailboxes = allowedMailboxes
    }
}

extension EntraApplication where Attachment == GraphApplicationAccess {
    /// An application of the tenant `tenantID` (a GUID; token requests may name it or one of `tenantDomains`).
    public init(
        tenantID: String, tenantDomains: [String] = [], clientID: String, displayName: String = "Mailstream",
        secrets: [EntraSecret] = [], certificatePEM: String? = nil, enabled: Bool = true,
        allowedMailboxes: Set<String>? = nil
    ) {
        self.init(
            tenantID: tenantID, tenantDomains: tenantDomains, clientID: clientID, displayName: displayName,
            secrets: secrets, certificatePEM: certificatePEM, enabled: enabled,
            attachment: GraphApplicationAccess(allowedMailboxes: allowedMailboxes))
    }

    /// The mailboxes the app may open (nil: all); see ``GraphApplicationAccess/allowedMailboxes``.
    public var allowedMailboxes: Set<String>? {
        get { attachment.allowedMailboxes }
        set { attachment.allowedMailboxes = newValue }
    }

    func mayOpen(_ mailbox: String) -> Bool {
        guard let allowedMailboxes else { return true }
        return allowedMailboxes.contains { MailStore.mailboxKey($0) == mailbox }
    }
}
