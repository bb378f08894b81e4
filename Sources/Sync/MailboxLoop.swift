import Domain
import Foundation
import Logging
import ServiceLifecycle
import Store

/// The life of one mailbox in `SyncEngine.run`: pass, wait for news, pass again; back off on transient errors;
/// end when the mailbox or its integration is disabled or removed.
struct MailboxLoop {
    let engine: SyncEngine
    let integrationID: String
    let mailboxID: String

    func run() async {
        var source: (any MailSource)?
        await loop(source: &source)
        await source?.close()
    }

    private func loop(source: inout (any MailSource)?) async {
        var backoff = Backoff(base: engine.configuration.backoffBase, maximum: engine.configuration.backoffMaximum)
        var sourceVersion: Date?
        var failuresInARow = 0
        // The store may hold an unavailability run from before a restart; the first good pass ends it.
        var mayBeUnavailable = true
        var mayNeedRecovery = true
        var toldCredentials: Set<String> = []
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            guard let (integration, mailbox) = await current() else { return }
            // Before the pass: a certificate about to expire is worth telling even while the pass fails.
            await engine.tellExpiringCredentials(of: integration, told: &toldCredentials)
            do {
                if source == nil || sourceVersion != integration.updatedAt {
                    await source?.close()
                    source = try await engine.factory.makeSource(integration: integration, mailbox: mailbox)
                    sourceVersion = integration.updatedAt
                    if integration.connection.bool("insecure_skip_verify") == true {
                        engine.logger.warning("""
                            TLS certificates are not verified for this integration (insecure_skip_verify): \
                            use it only with test servers; ca_file trusts a private CA
                            """,
                            metadata: ["mailstream.integration": "\(integration.owner)/\(integration.name)"])
                    }
                }
                // Transient failures are retried within the pass (on a new source); what comes out is a failure.
                var report = MailboxSynchronizer.Report()
                var retries = PassRetries()
                try await MailboxPass(engine: engine, integration: integration, mailbox: mailbox)
                    .run(source: &source, report: &report, retries: &retries)
                guard let active = source else { return }
                engine.metrics.recordPass()
                backoff.reset()
                failuresInARow = 0
                if mayBeUnavailable {
                    try await engine.store.clearMailboxUnavailable(mailboxID: mailbox.id)
                    mayBeUnavailable = false
                }
                // The first good pass after a start or a failure: problems told before are solved (issue 20).
                if mayNeedRecovery {
                    try await engine.store.recordSyncHealthy(integrationID: integration.id, mailboxID: mailbox.id,
                                                             now: Date())
                    mayNeedRecovery = false
                }
                engine.logger.debug("mailbox synced", metadata: [
                    "mailstream.mailbox": "\(mailbox.email)", "mailstream.created": "\(report.result.created)",
                ])
                // The folders of the pass just made: listing them again would cost a round trip per wait.
                try await active.waitForChanges(in: report.syncedFolders, timeout: engine.configuration.pollInterval)
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                failuresInARow += 1
                mayNeedRecovery = true
                if case .mailboxUnavailable? = (error as? MailSourceError)?.kind { mayBeUnavailable = true }
                engine.metrics.recordError(error)
                await source?.close()
                source = nil
                let decision = await FailurePolicy.handle(error, integration: integration, mailbox: mailbox,
                                                          backoff: &backoff, store: engine.store,
                                                          recordTransient: failuresInARow == 1,
                                                          unavailableLimit: engine.configuration.mailboxUnavailableLimit,
                                                          refusedLogin: engine.factory.refusedLogin(for: integration.kind))
                engine.logger.warning("mailbox sync failed", metadata: [
                    "mailstream.mailbox": "\(mailbox.email)",
                    "mailstream.error": "\((error as? MailSourceError)?.summary ?? "error")",
                ])
                switch decision {
                case .retry(let wait): try? await Task.sleep(for: wait)
                case .mailboxDisabled, .integrationDisabled: return
                }
            }
        }
    }

    /// The integration and mailbox as the store has them now; nil when either is disabled or gone.
    private func current() async -> (Integration, Mailbox)? {
        guard let integration = try? await engine.store.integration(id: integrationID), integration.enabled,
              let mailbox = integration.mailboxes.first(where: { $0.id == mailboxID }), mailbox.enabled
        else { return nil }
        return (integration, mailbox)
    }
}
