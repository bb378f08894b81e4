import ClientTLS
import Domain
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to a relay: bytes out, replies in, each wait bounded. Knows SMTP only as far as reading
/// replies; the session's order of commands is ``SMTPRelay``'s.
final class SMTPConnection: @unchecked Sendable {
    // Mutated only by the one task that drives the session.
    private var parser = SMTPReplyParser()
    private let channel: any Channel
    private let inbound: AsyncQueue<ByteBuffer>
    private let settings: SMTPSettings

    private init(channel: any Channel, inbound: AsyncQueue<ByteBuffer>, settings: SMTPSettings) {
        self.channel = channel
        self.inbound = inbound
        self.settings = settings
    }

    /// Connects to an address of the relay the outbound policy allows (TLS from the first byte for `.tls`).
    /// - Throws: ``MailRelayError``: permanent for an address the policy refuses or bad TLS settings, else transient.
    static func open(_ settings: SMTPSettings) async throws -> SMTPConnection {
        let queue = AsyncQueue<ByteBuffer>()
        let context: NIOSSLContext?
        do {
            context = settings.security == .tls ? try settings.tls.context() : nil
        } catch {
            throw MailRelayError(transient: false, "the relay's TLS settings are not usable", detail: "\(error)")
        }
        let (seconds, attoseconds) = settings.connectTimeout.components
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(seconds * 1_000 + attoseconds / 1_000_000_000_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: ClientTLS.serverName(settings.host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(QueueForwarder(queue: queue))
                }
            }
        do {
            let channel = try await settings.policy.connect(bootstrap, host: settings.host, port: settings.port)
            return SMTPConnection(channel: channel, inbound: queue, settings: settings)
        } catch let error as MailSourceError {
            let permanent = error.kind == .configuration
            throw MailRelayError(transient: !permanent, permanent ? "the outbound policy refuses the relay's address"
                                     : "cannot reach the relay", detail: error.description)
        } catch {
            throw MailRelayError(transient: true, "cannot connect to the relay",
                                 detail: "\(settings.host):\(settings.port): \(error)")
        }
    }

    /// Adds TLS in front of the pipeline once the relay accepted STARTTLS (RFC 3207 §4).
    func startTLS() async throws {
        do {
            let context = try settings.tls.context()
            let name = ClientTLS.serverName(settings.host)
            try await channel.eventLoop.submit { [channel] in
                try channel.pipeline.syncOperations.addHandler(
                    try NIOSSLClientHandler(context: context, serverHostname: name), position: .first)
            }.get()
        } catch {
            throw MailRelayError(transient: false, "cannot start TLS with the relay", detail: "\(error)")
        }
    }

    func send(_ bytes: [UInt8]) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        } catch {
            throw MailRelayError(transient: true, "the connection to the relay was lost", detail: "\(error)")
        }
    }

    /// The next reply, waiting at most `timeout` for it to be complete.
    /// - Throws: ``MailRelayError``: transient for a timeout or a closed connection, permanent for a reply that
    ///   breaks the protocol's bounds; a TLS failure as ``ClientTLS/connectionError(_:)`` classifies it.
    func reply(timeout: Duration) async throws -> SMTPReply {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            do {
                if let reply = try parser.next() { return reply }
            } catch {
                throw MailRelayError(transient: false, "the relay's reply is not valid SMTP", detail: error.description)
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw MailRelayError(transient: true, "the relay did not answer in time") }
            let bytes: ByteBuffer?
            do {
                bytes = try await inbound.next(timeout: left)
            } catch is AsyncQueue<ByteBuffer>.Timeout {
                throw MailRelayError(transient: true, "the relay did not answer in time",
                                     detail: "no complete reply within \(timeout)")
            } catch let error as MailSourceError {
                throw MailRelayError(transient: error.kind != .configuration, error.summary, detail: error.detail)
            }
            guard let bytes else {
                throw MailRelayError(transient: true, "the relay closed the connection")
            }
            do {
                try parser.append(bytes.readableBytesView)
            } catch {
                throw MailRelayError(transient: false, "the relay's reply is not valid SMTP", detail: error.description)
            }
        }
    }

    func close() async {
        try? await channel.close()
    }
}
