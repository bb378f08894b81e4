import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLiteStore
import Store
import Testing

/// Issue 20: `serve` checks a stream webhook's URL against the deliverer's outbound policy when the target is
/// created or replaced, so a refused address is a 400 naming `webhook.url` instead of a target the first delivery
/// disables. Run against the built `mailstream serve` with `--outbound-allow 127.0.0.1/32`, so the check is the one
/// `serve` wires (the operator's policy, link-local and metadata refused, its own listening port refused).
@Suite struct WebhookTargetPolicyServeTests {
    static let path = "/api/_private/datasets/ops/all/streams/push/webhook"

    @Test func refusedAddressesAre400NamingURLAndAnAllowedOneIsSaved() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-whpolicy-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data")
        try await Self.makeStream(data: data)
        let port = try ClosedPort.find()
        let process = Process()
        process.executableURL = CrashRecoveryTests.executable
        process.arguments = ["serve", "--data", data.path, "--port", "\(port)", "--outbound-allow", "127.0.0.1/32",
                             "--log-level", "warning"]
        let output = work.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        let token = try await Self.adminToken(data: data)
        let otherPort = try ClosedPort.find()
        let refused = [
            ("https://169.254.10.1/hook", "link-local"),
            ("https://169.254.169.254/latest/meta-data", "metadata"),
            ("http://127.0.0.1:\(port)/hook", "own listening"),
            ("http://localhost:\(port)/hook", "own listening"),
            ("http://127.0.0.2:\(otherPort)/hook", "--outbound-allow"),
            ("https://10.20.30.40/hook", "allow_private_networks"),
        ]
        for (url, words) in refused {
            let answer = try await Self.put(url, port: port, token: token)
            #expect(answer.status == .badRequest, "\(url): \(answer.status)")
            #expect(answer.object["field"] as? String == "webhook.url", "\(url): \(answer.object)")
            let message = answer.object["message"] as? String ?? ""
            #expect(message.contains(words), "\(url): \(message)")
        }
        let allowed = try await Self.put("http://127.0.0.1:\(otherPort)/hook", port: port, token: token)
        #expect(allowed.status == .ok, "\(allowed.object)")
        let saved = allowed.object["webhook"] as? [String: Any]
        #expect(saved?["url"] as? String == "http://127.0.0.1:\(otherPort)/hook")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// The dataset `ops/all` over the source `ops/mail` and its stream `push`, in a store at `data`.
    static func makeStream(data: URL) async throws {
        let folder = try DataFolder(path: data.path)
        let store = SQLiteStore(dataFolder: folder,
                                secrets: try SecretBox.load(environment: [:], keyFile: folder.secretKeyFile))
        let bucket = try await store.createBucket(owner: "ops", name: "mail", title: "Mail")
        let source = try await store.createSource(owner: "ops", name: "mail", bucketID: bucket.id)
        let dataset = try await store.createDataset(Dataset(id: "", owner: "ops", name: "all", sourceIDs: [source.id],
                                                            createdAt: Date(), updatedAt: Date()))
        _ = try await store.createStream(CommentStream(
            id: "", datasetID: dataset.id, name: "push", title: "push", description: "", filter: "{}",
            createdAt: Date(), updatedAt: Date()))
    }

    static func adminToken(data: URL) async throws -> String {
        let file = data.appendingPathComponent("admin-token")
        for _ in 0..<300 {
            if let text = try? String(contentsOf: file, encoding: .utf8), !text.isEmpty {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PeerError(description: "serve wrote no admin token within 15 s")
    }

    /// PUT of the target, retried while the server does not listen yet.
    static func put(_ url: String, port: Int, token: String) async throws
        -> (status: HTTPResponse.Status, object: [String: Any]) {
        let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["webhook": ["url": url]]))
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        var lastError: (any Error)?
        for _ in 0..<100 {
            do {
                let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                    try await client.execute(.init(path, method: .put, headers: headers, body: body))
                }
                let bytes = response.body.map { Array($0.readableBytesView) } ?? []
                return (response.status,
                        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:])
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError ?? PeerError(description: "no answer")
    }
}
