/// Whether webhook deliveries could go to a URL at all under the process's outbound policy, asked when a target is
/// created or replaced so that a refused address is answered at once instead of disabling the target at its first
/// delivery. `serve` passes one built from the deliverer's own policy; the API knows only this protocol.
public protocol WebhookTargetCheck: Sendable {
    /// Nil when the policy lets deliveries reach `url` (a URL that ``WebhookURL/problem(_:)`` accepts); otherwise
    /// why not, in words for the `url` field (which address, and why it is refused).
    func problem(with url: String) async -> String?
}
