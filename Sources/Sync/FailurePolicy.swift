import Domain
import Foundation
import Store

/// What the engine does about a failure: back off, or disable exactly what is broken and say why
/// (DESIGN.md invariant 6).
enum FailurePolicy {
    enum Decision: Equatable {
        case retry(after: Duration)
        case mailboxDisabled
        case integrationDisabled
    }

    /// Decides, records the error and disables in the store as needed.
    /// - Parameters:
    ///   - unavailableLimit: how long a mailbox may stay unavailable (``MailSourceError/Kind/mailboxUnavailable``)
    ///     before it is disabled; counted from the first failure of the run, as the store keeps it.
    static func handle(_ error: any Error, integration: Integration, mailbox: Mailbox, backoff: inout Backoff,
                       store: any Store, recordTransient: Bool, unavailableLimit: Duration,
                       now: Date = Date()) async -> Decision {
        if let storeError = error as? StoreError, storeError.isQuotaExceeded {
            try? await store.setIntegrationEnabled(id: integration.id, enabled: false, reason: .quota)
            await record(integration, mailbox, .commentQuotaHit, "the comment quota is reached", storeError.detail,
                         .integrationDisabled, store)
            return .integrationDisabled
        }
        let sourceError = error as? MailSourceError
        let kind = sourceError?.kind ?? .transient(retryAfter: nil)
        let summary = sourceError?.summary ?? "sync failed"
        let detail = sourceError?.detail ?? String(describing: error)
        switch kind {
        case .authentication, .configuration:
            try? await store.setIntegrationEnabled(id: integration.id, enabled: false, reason: .syncError)
            await record(integration, mailbox, kind == .authentication ? .invalidCredentials : .connectionFailed,
                         summary, detail, .integrationDisabled, store)
            return .integrationDisabled
        case .mailboxNotFound, .accessDenied:
            try? await store.setMailboxEnabled(integrationID: integration.id, mailboxID: mailbox.id, enabled: false,
                                               reason: .syncError)
            await record(integration, mailbox, kind == .accessDenied ? .mailboxAccessDenied : .mailboxNotFound,
                         summary, detail, .mailboxDisabled(mailbox: mailbox.email), store)
            return .mailboxDisabled
        case .mailboxUnavailable(let hint):
            let since = (try? await store.mailboxUnavailableSince(mailboxID: mailbox.id, now: now)) ?? now
            let elapsed = now.timeIntervalSince(since)
            if elapsed >= Double(unavailableLimit.components.seconds) {
                try? await store.setMailboxEnabled(integrationID: integration.id, mailboxID: mailbox.id,
                                                   enabled: false, reason: .syncError)
                let hours = (elapsed / 3_600 * 10).rounded() / 10
                await record(integration, mailbox, .mailboxUnavailable,
                             "the mailbox has been unavailable for \(hours) hours; it was disabled",
                             detail, .mailboxDisabled(mailbox: mailbox.email), store)
                return .mailboxDisabled
            }
            let wait = backoff.next(hint: hint)
            if recordTransient {
                await record(integration, mailbox, .mailboxUnavailable, summary, detail,
                             .retrying(afterSeconds: seconds(wait)), store)
            }
            return .retry(after: wait)
        case .transient(let hint):
            let wait = backoff.next(hint: hint)
            if recordTransient {
                await record(integration, mailbox, .serverUnavailable, summary, detail,
                             .retrying(afterSeconds: seconds(wait)), store)
            }
            return .retry(after: wait)
        case .folderNotFound, .invalidCursor:
            return .retry(after: backoff.next(hint: .seconds(1)))
        }
    }

    private static func record(_ integration: Integration, _ mailbox: Mailbox, _ kind: IntegrationError.Kind,
                               _ summary: String, _ detail: String, _ action: IntegrationError.Action,
                               _ store: any Store) async {
        try? await store.recordError(IntegrationError(
            id: UUID().uuidString.lowercased(), integrationID: integration.id, mailboxID: mailbox.id, kind: kind,
            errorText: summary, fullErrorText: detail, action: action, createdAt: Date()
        ))
    }

    /// A wait in seconds, to the millisecond: a first retry waits under a second, which whole seconds show as 0.
    static func seconds(_ wait: Duration) -> Double {
        let (seconds, attoseconds) = wait.components
        return (Double(seconds) + Double(attoseconds / 1_000_000_000_000_000) / 1_000)
    }
}
