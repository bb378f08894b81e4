/// Where a webhook target may point, checked when it is set (the outbound policy checks again at every delivery,
/// as DNS answers change). `serve` passes one built on the outbound policy for webhooks; the API knows it only
/// through this protocol.
public protocol WebhookTargetCheck: Sendable {
    /// Nil when deliveries to `url` (a URL ``WebhookURL/problem(_:)`` accepts) may go out; otherwise why not, in words for the `url` field. A host name that
    /// does not resolve now is not refused: the deliveries retry.
    func problem(url: String) async -> String?
}
