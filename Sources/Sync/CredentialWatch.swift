import Domain
import Foundation
import Logging
import Store

extension SyncEngine {
    /// Tells people about each credential of `integration` that expires within
    /// ``CredentialValidity/warningPeriod`` (issue 20's `credentials_expiring`): the store records one event per
    /// integration and credential, however many mailboxes, passes and restarts ask; `told` spares a mailbox's loop
    /// asking again. A store error is logged and the next pass asks again.
    func tellExpiringCredentials(of integration: Integration, told: inout Set<String>, now: Date = Date()) async {
        for credential in factory.credentials(of: integration)
        where credential.expiresSoon(at: now) && !told.contains(credential.id) {
            do {
                let recorded = try await store.recordCredentialsExpiring(integrationID: integration.id,
                                                                         credential: credential, now: now)
                told.insert(credential.id)
                if recorded {
                    logger.warning("\(credential.name) expires soon", metadata: [
                        "mailstream.integration": "\(integration.owner)/\(integration.name)",
                        "mailstream.expires_at": "\(credential.expiresAt)",
                    ])
                }
            } catch {
                logger.error("could not record an expiring credential", metadata: [
                    "mailstream.integration": "\(integration.owner)/\(integration.name)",
                    "mailstream.error": "\(error)",
                ])
            }
        }
    }
}
