import ClientTLS
import Domain
import NIOCore
import NIOPosix
import NIOSSL

/// Moves bytes to and from an IMAP server over TCP, with implicit TLS or a STARTTLS upgrade. Knows nothing of
/// IMAP itself: the wire layer encodes and parses, this only carries bytes.
final class IMAPTransport: Sendable {
    struct Options: Sendable {
        var host: String
        var port: Int
        var security: TransportSecurity
        var tls: TLSOptions
        /// Where the transport may connect; checked on the resolved addresses.
        var policy: OutboundPolicy
        var connectTimeout: TimeAmount = .seconds(20)
    }

    private let channel: any Channel
    private let inbound: InboundQueue
    private let options: Options

    private init(channel: any Channel, inbound: InboundQueue, options: Options) {
        self.channel = channel
        self.inbound = inbound
        self.options = options
    }

    /// Connects to an address of the host that the outbound policy allows, and for `.tls` completes the TLS
    /// handshake on first use.
    /// - Throws: `MailSourceError` (transient for network failures, configuration for bad TLS settings or an
    ///   address the policy refuses).
    static func connect(_ options: Options) async throws -> IMAPTransport {
        let queue = InboundQueue()
        let tlsContext = options.security == .tls ? try makeTLSContext(options) : nil
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(options.connectTimeout)
            .channelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        let handler = try NIOSSLClientHandler(context: tlsContext, serverHostname: ClientTLS.serverName(options.host))
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(QueueForwarder(queue: queue))
                }
            }
        do {
            let channel = try await options.policy.connect(bootstrap, host: options.host, port: options.port)
            return IMAPTransport(channel: channel, inbound: queue, options: options)
        } catch let error as MailSourceError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw MailSourceError(.transient(retryAfter: nil), "cannot connect to the server",
                                  detail: "\(options.host):\(options.port): \(error)")
        }
    }

    /// The next bytes the server sent; nil once the connection is closed.
    /// - Parameters:
    ///   - timeout: how long to wait; nil waits until data, the end, or cancellation.
    ///   - ignoringCancellation: keep waiting in a cancelled task (for the last words of a stopping session).
    /// - Throws: `CancellationError` when the task is cancelled, `AsyncQueue.Timeout` after `timeout`, a
    ///   `MailSourceError` when the connection failed.
    func receive(timeout: Duration? = nil, ignoringCancellation: Bool = false) async throws -> ByteBuffer? {
        try await inbound.next(timeout: timeout, ignoringCancellation: ignoringCancellation)
    }

    func send(_ bytes: [UInt8]) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        } catch {
            throw MailSourceError(.transient(retryAfter: nil), "connection lost", detail: "\(error)")
        }
    }

    /// Adds TLS in front of the pipeline after the server accepted STARTTLS (RFC 3501 §6.2.1).
    func startTLS() async throws {
        let context = try Self.makeTLSContext(options)
        let hostname = ClientTLS.serverName(options.host)
        try await channel.eventLoop.submit { [channel] in
            let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// False once the connection is closed, by either side.
    var isActive: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }

    static func makeTLSContext(_ options: Options) throws -> NIOSSLContext {
        try options.tls.context()
    }
}

/// Buffers received from the event loop, handed to one reader at a time.
typealias InboundQueue = AsyncQueue<ByteBuffer>
