import Domain
import Foundation

/// Change notifications for Graph mailboxes (learn.microsoft.com/graph/change-notifications-delivery-webhooks):
/// where Graph posts them, and how long each subscription lives. Optional: without them Mailstream polls the delta
/// links, outbound only.
public struct GraphNotificationSettings: Sendable, Equatable {
    /// The public https URL that reaches `serve`'s `POST /graph/notifications` (through a reverse proxy, usually):
    /// both the notification and the lifecycle notification URL of every subscription.
    public var url: String
    /// The `expirationDateTime` each subscription asks for. Microsoft has documented 4,230 and, later, 10,080
    /// minutes as the longest an Outlook message subscription without resource data may live
    /// (learn.microsoft.com/graph/api/resources/subscription); 4,200 minutes is under both.
    public var lifetime: Duration
    /// A subscription is renewed (`PATCH /subscriptions/{id}`) once less than this is left.
    public var renewBefore: Duration

    /// - Throws: `MailSourceError(.configuration)` for a URL that isn't https (http only on loopback, for tests).
    public init(url: String, lifetime: Duration = .seconds(4_200 * 60), renewBefore: Duration = .seconds(86_400))
        throws {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(),
              let host = parsed.host?.lowercased(), !host.isEmpty, parsed.user == nil, parsed.query == nil
        else {
            throw MailSourceError(.configuration, "graph_notification_url must be an absolute https URL", detail: url)
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw MailSourceError(.configuration, "graph_notification_url must use https (Graph posts only there)",
                                  detail: url)
        }
        self.url = url
        self.lifetime = lifetime
        self.renewBefore = min(renewBefore, lifetime)
    }
}
