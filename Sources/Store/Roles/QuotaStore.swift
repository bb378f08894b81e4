import Domain
import Foundation

/// Limits on how much the service holds (Communications Mining's quotas).
public protocol QuotaStore: Sendable {
    /// Every quota kind with its limit (nil: none) and current usage.
    func quotas() async throws -> [Quota]
    /// Sets or clears (nil) a limit. Syncs and comment pushes that would create comments beyond the `comments`
    /// limit fail with `StoreError.quotaExceeded` and change nothing.
    func setQuota(_ kind: Quota.Kind, limit: Int?) async throws
}
