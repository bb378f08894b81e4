import Domain
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A private HTTP `CONNECT` proxy on 127.0.0.1 that holds HTTP clients which resolve names themselves
/// (AsyncHTTPClient) to the outbound policy (DESIGN.md invariant 8).
///
/// Such a client connects by name, and its resolver is out of reach: checking the name's addresses beforehand
/// would leave a second lookup, between check and connect, free to answer something else (DNS rebinding). Pointed
/// at this proxy, the client asks for `CONNECT host:port` instead; the tunnel resolves the name once with
/// ``OutboundPolicy/resolve(host:port:)``, connects to an allowed address, and only then splices bytes. TLS stays
/// end to end (the client still sends SNI and checks the certificate for the host name), so the tunnel sees
/// nothing but ciphertext.
///
/// Each policy is registered under a random credential that its client sends as `Proxy-Authorization`, so one
/// tunnel serves every policy of the process and no other local process can use it as an open proxy. A refused
/// or failed tunnel is answered with 403 or 502 and remembered (``failure(credential:host:port:)``), since the
/// client only reports "invalid proxy response".
public final class OutboundTunnel: Sendable {
    /// The process's tunnel, started on first use.
    public static let shared = OutboundTunnel()

    /// A policy's entry: what its client puts in its proxy settings.
    public struct Registration: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String
    }

    private struct State {
        var port: Int?
        var starting: Task<Int, any Error>?
        var policies: [String: OutboundPolicy] = [:]
        var failures: [String: MailSourceError] = [:]
    }

    private let state = Mutex(State())
    private let group: any EventLoopGroup

    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// The proxy settings for `policy`: the same credential for the same policy, so clients made for equal
    /// policies are interchangeable.
    /// - Throws: when the listening socket can't be opened.
    public func register(_ policy: OutboundPolicy) async throws -> Registration {
        let port = try await listeningPort()
        let credential = state.withLock { state in
            if let existing = state.policies.first(where: { $0.value == policy })?.key { return existing }
            let fresh = (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            state.policies[fresh] = policy
            return fresh
        }
        return Registration(host: "127.0.0.1", port: port, username: "mailstream", password: credential)
    }

    /// Why the last tunnel to `host:port` under `credential` was not opened, if it wasn't.
    public func failure(credential: String, host: String, port: Int) -> MailSourceError? {
        state.withLock { $0.failures[Self.failureKey(credential, host, port)] }
    }

    private static func failureKey(_ credential: String, _ host: String, _ port: Int) -> String {
        "\(credential)|\(host.lowercased()):\(port)"
    }

    private func listeningPort() async throws -> Int {
        let task = state.withLock { state -> Task<Int, any Error>? in
            if state.port != nil { return nil }
            if let starting = state.starting { return starting }
            // The accept loop lives as long as the process, like the clients that use it; it is started by the
            // first registration, never from an initializer.
            let starting = Task { try await self.listen() }
            state.starting = starting
            return starting
        }
        if let task {
            let port = try await task.value
            state.withLock { $0.port = port }
            return port
        }
        return state.withLock { $0.port ?? 0 }
    }

    private typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private func listen() async throws -> Int {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
            }
        let port = server.channel.localAddress?.port ?? 0
        Task {
            try? await server.executeThenClose { inbound in
                await withDiscardingTaskGroup { connections in
                    do {
                        for try await connection in inbound {
                            connections.addTask { await self.serve(connection) }
                        }
                    } catch {
                        return
                    }
                }
            }
        }
        return port
    }

    private func serve(_ connection: Connection) async {
        try? await connection.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            var received: [UInt8] = []
            var parsed: (ConnectRequestHead, Int)?
            while parsed == nil {
                guard let buffer = try await iterator.next() else { return }
                received += buffer.readableBytesView
                switch ConnectRequestHead.parse(received) {
                case .incomplete: continue
                case .complete(let head, let consumed): parsed = (head, consumed)
                case .invalid(let reason):
                    try await outbound.write(Self.answer(400, reason))
                    return
                }
            }
            guard let (head, consumed) = parsed else { return }
            guard let credential = Self.credential(head.proxyAuthorization),
                  let policy = state.withLock({ $0.policies[credential] }) else {
                try await outbound.write(Self.answer(407, "proxy authorization required"))
                return
            }
            let key = Self.failureKey(credential, head.host, head.port)
            let upstream: Connection
            do {
                upstream = try await connect(head.host, head.port, policy: policy)
            } catch {
                let failure = (error as? MailSourceError)
                    ?? MailSourceError(.transient(retryAfter: nil), "connection failed",
                                       detail: "\(head.host), port \(head.port): \(error)")
                state.withLock { $0.failures[key] = failure }
                try await outbound.write(Self.answer(failure.kind == .configuration ? 403 : 502, failure.summary))
                return
            }
            state.withLock { $0.failures[key] = nil }
            try await outbound.write(ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n"))
            let early = Array(received[consumed...])
            try await upstream.executeThenClose { upstreamInbound, upstreamOutbound in
                if !early.isEmpty { try await upstreamOutbound.write(ByteBuffer(bytes: early)) }
                try await withThrowingTaskGroup(of: Void.self) { pump in
                    pump.addTask {
                        defer { connection.channel.close(promise: nil) }
                        for try await buffer in upstreamInbound { try await outbound.write(buffer) }
                    }
                    defer { upstream.channel.close(promise: nil) }
                    while let buffer = try await iterator.next() { try await upstreamOutbound.write(buffer) }
                    try await pump.waitForAll()
                }
            }
        }
    }

    /// The first allowed address of `host` that accepts.
    private func connect(_ host: String, _ port: Int, policy: OutboundPolicy) async throws -> Connection {
        var lastError: (any Error)?
        for address in try await policy.resolve(host: host, port: port) {
            do {
                return try await ClientBootstrap(group: group)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connectTimeout(.seconds(10))
                    .connect(to: address) { channel in
                        channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
                    }
            } catch {
                lastError = error
            }
        }
        throw lastError ?? MailSourceError(.transient(retryAfter: nil), "cannot connect to the server")
    }

    /// The password of `Basic base64(user:password)`.
    private static func credential(_ header: String?) -> String? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return String(text[text.index(after: colon)...])
    }

    private static func answer(_ status: Int, _ reason: String) -> ByteBuffer {
        let phrase = [400: "Bad Request", 403: "Forbidden", 407: "Proxy Authentication Required",
                      502: "Bad Gateway"][status] ?? "Error"
        let body = reason + "\n"
        return ByteBuffer(string: "HTTP/1.1 \(status) \(phrase)\r\nContent-Type: text/plain\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
    }
}
