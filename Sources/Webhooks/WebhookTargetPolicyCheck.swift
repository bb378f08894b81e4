import ClientTLS
import Domain
import Foundation

/// Domain's ``WebhookTargetCheck`` under an outbound policy: the target's host is resolved as the sender's tunnel
/// resolves it (``OutboundPolicy/resolve(host:port:)``), and a URL whose every address the policy refuses (this
/// server's own listening socket, link-local and metadata addresses, whatever the operator's policy does not open)
/// is a problem. Give it the deliverer's policy, so that creating a target and delivering to it agree.
public struct WebhookTargetPolicyCheck: WebhookTargetCheck {
    public let policy: OutboundPolicy

    public init(policy: OutboundPolicy) {
        self.policy = policy
    }

    public func problem(with url: String) async -> String? {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            return nil  // WebhookURL.problem answers for the URL's form.
        }
        let port = components.port ?? (components.scheme?.lowercased() == "http" ? 80 : 443)
        do {
            _ = try await policy.resolve(host: host, port: port)
            return nil
        } catch let error as MailSourceError where error.kind == .configuration {
            return "is refused by the outbound policy: \(error.description)"
        } catch {
            // A name that does not resolve now may resolve later: deliveries retry it, as they retry any
            // transient failure, so only what the policy refuses is refused here.
            return nil
        }
    }
}
