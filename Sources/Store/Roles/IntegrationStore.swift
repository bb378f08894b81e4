import Domain
import Foundation

/// Integrations and their mailboxes, what went wrong with them, and their usage.
public protocol IntegrationStore: Sendable {
    /// Creates or replaces an integration and its mailboxes. Secrets are stored encrypted.
    func saveIntegration(_ integration: Integration) async throws
    func integration(id: String) async throws -> Integration?
    func integration(owner: String, name: String) async throws -> Integration?
    func integrations() async throws -> [Integration]
    /// Deletes an integration, its mailboxes and their cursors; synced emails and comments stay.
    func deleteIntegration(id: String) async throws
    /// Forgets where the mailboxes' sync stands, in one transaction: their folders' cursors and their emails'
    /// locations (server ids). Their next sync lists every folder from the start; emails and comments stay, and
    /// nothing doubles because a comment's id comes from the Message-ID. For an integration that changes API (EWS ↔
    /// Graph), whose sync states and item ids mean nothing to the other.
    func resetSyncState(mailboxIDs: [String]) async throws
    func setIntegrationEnabled(id: String, enabled: Bool, reason: Integration.DisabledReason?) async throws
    func setMailboxEnabled(integrationID: String, mailboxID: String, enabled: Bool,
                           reason: Integration.DisabledReason?) async throws

    /// When the mailbox's current run of "temporarily unavailable" failures began (a mailbox being moved between
    /// databases, a failover): the stored time, or `now` when this is the first failure of a run, which is then
    /// stored. Kept in the store so the clock survives restarts and `sync --once` runs.
    func mailboxUnavailableSince(mailboxID: String, now: Date) async throws -> Date
    /// Ends the run: the mailbox synced, or was re-enabled.
    func clearMailboxUnavailable(mailboxID: String) async throws

    func recordError(_ error: IntegrationError) async throws
    func errors(integrationID: String) async throws -> [IntegrationError]
    func usage(integrationID: String) async throws -> [UsageCount]
}
