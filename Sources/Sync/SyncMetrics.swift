import CoreMetrics
import Domain
import Store

/// The engine's numbers, through swift-metrics with an explicit factory (Prometheus in `serve`, nothing in tests
/// unless they ask): comments created and updated, items removed from folders, passes, retries within passes and
/// errors by kind.
public struct SyncMetrics: Sendable {
    let factory: any MetricsFactory
    let created: Counter
    let updated: Counter
    let removed: Counter
    let passes: Counter

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        created = Counter(label: "mailstream_comments_created_total", factory: factory)
        updated = Counter(label: "mailstream_comments_updated_total", factory: factory)
        removed = Counter(label: "mailstream_folder_items_removed_total", factory: factory)
        passes = Counter(label: "mailstream_mailbox_passes_total", factory: factory)
    }

    func record(_ result: SyncBatchResult) {
        if result.created > 0 { created.increment(by: Int64(result.created)) }
        if result.updated > 0 { updated.increment(by: Int64(result.updated)) }
        if result.removed > 0 { removed.increment(by: Int64(result.removed)) }
    }

    func recordPass() { passes.increment() }

    /// `mailstream_sync_errors_total{kind=…}` with the source error's class (`transient`, `authentication`, …).
    func recordError(_ error: any Error) {
        Counter(label: "mailstream_sync_errors_total", dimensions: [("kind", Self.kind(error))], factory: factory)
            .increment()
    }

    /// `mailstream_sync_retries_total{kind=…}`: a pass tried again after a transient failure (not an error yet).
    func recordRetry(_ error: any Error) {
        Counter(label: "mailstream_sync_retries_total", dimensions: [("kind", Self.kind(error))], factory: factory)
            .increment()
    }

    static func kind(_ error: any Error) -> String {
        if let store = error as? StoreError, store.isQuotaExceeded { return "quota" }
        guard let source = error as? MailSourceError else { return "other" }
        switch source.kind {
        case .transient: return "transient"
        case .mailboxUnavailable: return "mailbox_unavailable"
        case .authentication: return "authentication"
        case .mailboxNotFound: return "mailbox_not_found"
        case .accessDenied: return "access_denied"
        case .folderNotFound: return "folder_not_found"
        case .invalidCursor: return "invalid_cursor"
        case .configuration: return "configuration"
        }
    }
}
