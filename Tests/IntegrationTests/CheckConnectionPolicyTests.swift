import API
import ClientTLS
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import NIOPosix
import SQLiteStore
import Store
import Synchronization
import Testing

/// Mailstream issue 15, finding 11: a token limited to one project, holding `integrations-write`, asks the server
/// to check connections to its own loopback and to the cloud metadata service. The answer is a refusal that says
/// why, and nothing connects: a listener on the loopback port sees no connection (and sees one when the same call
/// is made to a server whose policy allows loopback, so its silence means something).
struct CheckConnectionPolicyTests {
    /// Counts accepted connections, closing each at once (an IMAP client then fails on the missing greeting).
    final class CountingListener: Sendable {
        private let accepted: Counter
        private let channel: any Channel

        init() async throws {
            let accepted = Counter()
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .childChannelInitializer { child in
                    accepted.value.add(1, ordering: .sequentiallyConsistent)
                    return child.close()
                }
                .bind(host: "127.0.0.1", port: 0).get()
            self.accepted = accepted
        }

        var port: Int { channel.localAddress?.port ?? 0 }
        var count: Int { accepted.value.load(ordering: .sequentiallyConsistent) }
        func close() async { try? await channel.close() }

        final class Counter: Sendable {
            let value = Atomic<Int>(0)
        }
    }

    /// The `result` of a check-connection call made with `token` through a server using `policy`.
    static func check(_ host: String, port: Int, policy: OutboundPolicy, store: SQLiteStore, dataFolder: DataFolder,
                      token: String, path: String = "/api/_private/check-connection") async throws -> [String: Any] {
        let app = Application(router: MailstreamApplication.responder(
            store: store, connectors: ConnectorRegistry([IMAPConnector(outboundPolicy: policy)]), sources: IMAPConnector(outboundPolicy: policy)))
        let body: [String: Any] = ["connection": ["host": host, "port": port, "security": "none",
                                                  "username": "x@ops.example", "password": "pw"]]
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await app.test(.router) { client in
            try await client.execute(uri: path, method: .put,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                     body: ByteBuffer(bytes: data)) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                return (object as? [String: Any])?["result"] as? [String: Any] ?? [:]
            }
        }
    }

    @Test func aProjectTokenCannotMakeTheServerConnectToItselfOrToTheMetadataService() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-ssrf-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let token = try await TokenSecrets.create(name: "ops-writer", permissions: [.integrationsWrite],
                                                  projects: ["ops"],
                                                  userID: try #require(await store.firstAdministrator()).id, in: store).secret
        let listener = try await CountingListener()

        for (host, why) in [("127.0.0.1", "a loopback address"), ("localhost", "a loopback address"),
                            ("169.254.169.254", "a cloud metadata service address"),
                            ("[fd00:ec2::254]", "a cloud metadata service address"),
                            ("169.254.10.1", "a link-local address")] {
            for path in ["/api/_private/check-connection", "/api/_private/validate-exchange-credentials"] {
                let result = try await Self.check(host, port: listener.port, policy: OutboundPolicy(), store: store,
                                                  dataFolder: dataFolder, token: token, path: path)
                #expect(result["ok"] as? Bool == false)
                let error = result["error"] as? [String: Any]
                #expect(error?["kind"] as? String == "invalid_configuration")
                let message = error?["message"] as? String ?? ""
                #expect(message.contains("refused: \(why)"), "\(host): \(message)")
                #expect(message.contains(host == "localhost" ? "localhost (" : host.trimmingCharacters(in: ["[", "]"])))
                #expect(message.contains(why == "a loopback address" ? "--allow-private-networks" : "--outbound-allow"))
            }
        }
        // Even with private networks allowed, the metadata service stays out of reach.
        let metadata = try await Self.check("169.254.169.254", port: 80,
                                            policy: OutboundPolicy(allowPrivateNetworks: true), store: store,
                                            dataFolder: dataFolder, token: token)
        #expect(metadata["ok"] as? Bool == false)
        let message = (metadata["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("refused: a cloud metadata service address"))

        try await Task.sleep(for: .milliseconds(200))
        #expect(listener.count == 0)

        let allowed = try await Self.check("127.0.0.1", port: listener.port,
                                           policy: OutboundPolicy(allowPrivateNetworks: true), store: store,
                                           dataFolder: dataFolder, token: token)
        #expect(allowed["ok"] as? Bool == false)
        #expect(listener.count == 1)
        await listener.close()
    }
}
