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
        await handleDescribed(error, integration: integration, mailbox: mailbox, backoff: &backoff, store: store,
                              recordTransient: recordTransient, unavailableLimit: unavailableLimit, now: now).decision
    }

    /// ``handle(_:integration:mailbox:backoff:store:recordTransient:unavailableLimit:now:)``, also returning the
    /// error record's text (what happened and what to do), recorded or not, for the command line.
    static func handleDescribed(_ error: any Error, integration: Integration, mailbox: Mailbox,
                                backoff: inout Backoff, store: any Store, recordTransient: Bool,
                                unavailableLimit: Duration, now: Date = Date()) async
        -> (decision: Decision, text: String) {
        let recorder = ErrorRecorder(integration: integration, mailbox: mailbox, store: store)
        if let storeError = error as? StoreError, storeError.isQuotaExceeded {
            try? await store.setIntegrationEnabled(id: integration.id, enabled: false, reason: .quota)
            let text = await recorder.record(.commentQuotaHit, nil, "the comment quota is reached",
                                             advice: "raise it (PUT /api/_private/quotas/comments) or delete comments",
                                             storeError.detail, .integrationDisabled)
            return (.integrationDisabled, text)
        }
        let sourceError = error as? MailSourceError
        let kind = sourceError?.kind ?? .transient(retryAfter: nil)
        let summary = sourceError?.summary ?? "sync failed"
        let detail = sourceError?.detail ?? String(describing: error)
        switch kind {
        case .authentication, .configuration:
            try? await store.setIntegrationEnabled(id: integration.id, enabled: false, reason: .syncError)
            let recordKind: IntegrationError.Kind = kind == .authentication
                ? .invalidCredentials(for: integration.kind) : .connectionFailed
            let text = await recorder.record(recordKind, sourceError, summary, detail, .integrationDisabled)
            return (.integrationDisabled, text)
        case .mailboxNotFound, .accessDenied:
            try? await store.setMailboxEnabled(integrationID: integration.id, mailboxID: mailbox.id, enabled: false,
                                               reason: .syncError)
            let text = await recorder.record(kind == .accessDenied ? .mailboxAccessDenied : .mailboxNotFound,
                                             sourceError, summary, detail, .mailboxDisabled(mailbox: mailbox.email))
            return (.mailboxDisabled, text)
        case .mailboxUnavailable(let hint):
            let since = (try? await store.mailboxUnavailableSince(mailboxID: mailbox.id, now: now)) ?? now
            let elapsed = now.timeIntervalSince(since)
            if elapsed >= Double(unavailableLimit.components.seconds) {
                try? await store.setMailboxEnabled(integrationID: integration.id, mailboxID: mailbox.id,
                                                   enabled: false, reason: .syncError)
                let hours = (elapsed / 3_600 * 10).rounded() / 10
                let text = await recorder.record(
                    .mailboxUnavailable, nil, "the mailbox has been unavailable for \(hours) hours; it was disabled",
                    advice: "ask the Exchange administrators whether the mailbox is still being moved or restored",
                    detail, .mailboxDisabled(mailbox: mailbox.email))
                return (.mailboxDisabled, text)
            }
            let wait = backoff.next(hint: hint)
            let action = IntegrationError.Action.retrying(afterSeconds: seconds(wait))
            let text = await recorder.record(.mailboxUnavailable, sourceError, summary, detail, action,
                                             write: recordTransient)
            return (.retry(after: wait), text)
        case .transient(let hint):
            let wait = backoff.next(hint: hint)
            let action = IntegrationError.Action.retrying(afterSeconds: seconds(wait))
            let text = await recorder.record(.serverUnavailable, sourceError, summary, detail, action,
                                             write: recordTransient)
            return (.retry(after: wait), text)
        case .folderNotFound, .invalidCursor:
            let wait = backoff.next(hint: .seconds(1))
            return (.retry(after: wait), ErrorRecordText.text(sourceError, summary: summary, integration: integration,
                                                              mailbox: mailbox,
                                                              action: .retrying(afterSeconds: seconds(wait))))
        }
    }

    /// Writes error records for one mailbox of one integration.
    private struct ErrorRecorder {
        let integration: Integration
        let mailbox: Mailbox
        let store: any Store

        /// Records the error (unless `write` is false) and returns its text.
        func record(_ kind: IntegrationError.Kind, _ error: MailSourceError?, _ summary: String,
                    advice: String? = nil, _ detail: String, _ action: IntegrationError.Action,
                    write: Bool = true) async -> String {
            let text = ErrorRecordText.text(error, summary: summary, advice: advice, integration: integration,
                                            mailbox: mailbox, action: action)
            guard write else { return text }
            try? await store.recordError(IntegrationError(
                id: UUID().uuidString.lowercased(), integrationID: integration.id, mailboxID: mailbox.id,
                kind: kind, errorText: text, fullErrorText: detail, action: action, createdAt: Date()
            ))
            return text
        }
    }

    /// A wait in seconds, to the millisecond: a first retry waits under a second, which whole seconds show as 0.
    static func seconds(_ wait: Duration) -> Double {
        let (seconds, attoseconds) = wait.components
        return (Double(seconds) + Double(attoseconds / 1_000_000_000_000_000) / 1_000)
    }
}
