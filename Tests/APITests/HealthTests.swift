import API
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Testing

/// The health endpoint answers without authentication and reports the store's state.
@Suite struct HealthTests {
    @Test func healthyStoreAnswersOK() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder, secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let app = Application(router: MailstreamApplication.responder(store: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            // Without a token nothing tells which paths exist.
            try await client.execute(uri: "/nothing-here", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("mailstream.sqlite").path))
    }

    @Test func dataFolderThatCannotBeCreatedFailsClearly() {
        #expect(throws: (any Error).self) {
            _ = try DataFolder(path: "/proc/mailstream-cannot-create-this")
        }
    }
}
