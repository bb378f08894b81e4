import Domain
import Foundation
import GRDB
import Store

extension SQLiteStore {
    public func recordCredentialsExpiring(integrationID: String, credential: CredentialValidity, now: Date)
        async throws -> Bool {
        try await database.write { db in
            guard let integration = try Self.storedIntegration(id: integrationID, db) else { return false }
            // Held back by notification_told under the credential's key, which no recovery clears.
            return try Self.recordNotification(
                .credentialsExpiring(credential, of: integration, id: Self.newID(), now: now), db)
        }
    }
}
