import Domain
import Foundation

/// Where Mailstream keeps buckets, raw emails, sources, comments, attachments, integrations, cursors, errors,
/// usage, streams, tokens, users, sessions and failed sign-ins: every role below, in one place. Every method is one
/// transaction. `SQLiteStore` (target SQLiteStore) is the embedded implementation; a PostgreSQL one can follow, and
/// the shared suite in `StoreTests` runs against each. Implementations apply the rules of ``CommentRules``
/// (DESIGN.md invariants 2 and 3) rather than writing their own.
///
/// Each part of the service asks for the role it needs: the sync engine a ``SyncStore`` and an
/// ``IntegrationStore``, the API the catalogue, comments, streams, tokens, users, sessions and quotas.
public protocol Store: CatalogueStore, IntegrationStore, SyncStore, CommentStore, StreamStore, TokenStore,
    UserStore, SessionStore, QuotaStore, NotificationStore, WebhookStore, SignInThrottleStore {
    /// True when the store answers a trivial query (`GET /healthz`).
    func isHealthy() async -> Bool
}
