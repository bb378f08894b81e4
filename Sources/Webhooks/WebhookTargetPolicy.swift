import ClientTLS
import Domain
import Foundation

/// The check of a webhook target when it is set (``WebhookTargetCheck``), after the URL rule (``WebhookURL``): the
/// addresses its host resolves to now, each under the outbound policy webhooks go out under (``forWebhooks(_:host:port:)``),
/// so a target at this service, a link-local or metadata address, or anything the policy refuses is a 400 naming
/// the field instead of a delivery that can only fail. The sender checks again at every connection.
public struct WebhookTargetPolicy: WebhookTargetCheck {
    public let policy: OutboundPolicy

    public init(policy: OutboundPolicy) {
        self.policy = policy
    }

    /// The policy webhooks go out under: the operator's `base`, except that link-local and cloud metadata
    /// addresses stay refused whatever the allow-list says, and this server's own listening socket (`host`,
    /// `port`) is never a target.
    public static func forWebhooks(_ base: OutboundPolicy, host: String, port: Int) -> OutboundPolicy {
        var policy = base
        policy.refusedCategories = [.linkLocal, .cloudMetadata]
        policy.refusedEndpoints = OutboundPolicy.Endpoint.listening(host: host, port: port)
        return policy
    }

    public func problem(url: String) async -> String? {
        guard let components = URLComponents(string: url), let host = components.host else {
            return "must be an absolute https:// URL with a host"
        }
        let port = components.port ?? (components.scheme?.lowercased() == "http" ? 80 : 443)
        do {
            _ = try await policy.resolve(host: host, port: port)
            return nil
        } catch let error as MailSourceError where error.kind == .configuration {
            return "is refused by the outbound policy: \(error.description)"
        } catch {
            return nil  // the name does not resolve now: deliveries retry, and are checked then
        }
    }
}
