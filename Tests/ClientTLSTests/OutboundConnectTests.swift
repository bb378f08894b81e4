import ClientTLS
import Domain
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The policy where it is enforced: on the addresses a host name resolves to, before any socket connects.
struct OutboundConnectTests {
    /// A listener on 127.0.0.1 that counts the connections it accepts and closes them.
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

    static func refusal(_ body: () async throws -> Void) async -> MailSourceError? {
        do {
            try await body()
            return nil
        } catch let error as MailSourceError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Names and numeric spellings that resolve to loopback are refused after resolution, like the literal.
    @Test(arguments: ["localhost", "127.0.0.1", "[::1]", "::1", "127.1", "2130706433", "0x7f000001",
                      "::ffff:127.0.0.1"])
    func loopbackIsRefusedWhateverItsSpelling(_ host: String) async {
        let error = await Self.refusal { _ = try await OutboundPolicy().resolve(host: host, port: 993) }
        #expect(error?.kind == .configuration)
        #expect(error?.summary.contains("refused: a loopback address") == true, "\(String(describing: error))")
    }

    @Test func theSwitchLetsLoopbackThroughAndTheAllowListOnlyWhatItNames() async throws {
        let all = try await OutboundPolicy(allowPrivateNetworks: true).resolve(host: "localhost", port: 993)
        #expect(all.contains { $0.ipAddress == "127.0.0.1" })
        #expect(all.allSatisfy { $0.port == 993 })
        let only = try await OutboundPolicy(allowed: [IPAddressRange(parsing: "127.0.0.1/32")])
            .resolve(host: "localhost", port: 993)
        #expect(only.map(\.ipAddress) == ["127.0.0.1"])
    }

    @Test(arguments: ["169.254.169.254", "[fd00:ec2::254]", "::ffff:169.254.169.254", "100.100.100.200"])
    func metadataServicesStayRefusedWithPrivateNetworksAllowed(_ host: String) async {
        let error = await Self.refusal {
            _ = try await OutboundPolicy(allowPrivateNetworks: true).resolve(host: host, port: 80)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.summary.contains("a cloud metadata service address") == true, "\(String(describing: error))")
        #expect(error?.detail.contains("--outbound-allow") == true)
    }

    @Test func aNameThatDoesNotResolveIsTransient() async {
        let error = await Self.refusal { _ = try await OutboundPolicy().resolve(host: "no-such-host.invalid", port: 1) }
        #expect(error?.summary == "cannot resolve the server's host name")
        #expect(error?.kind == .transient(retryAfter: nil))
    }

    /// A refused host never reaches the socket: the listener sees nothing. The same call with the switch connects,
    /// so the listener does see connections.
    @Test func aRefusedConnectOpensNoConnection() async throws {
        let listener = try await CountingListener()
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        for host in ["127.0.0.1", "localhost"] {
            let error = await Self.refusal {
                _ = try await OutboundPolicy().connect(bootstrap, host: host, port: listener.port)
            }
            #expect(error?.kind == .configuration)
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(listener.count == 0)
        let channel = try await OutboundPolicy(allowPrivateNetworks: true)
            .connect(bootstrap, host: "localhost", port: listener.port)
        try? await channel.close()
        for _ in 0..<100 where listener.count == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(listener.count == 1)
        await listener.close()
    }
}
