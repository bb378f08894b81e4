import ClientTLS
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS

/// One HTTP/1.1 connection to a server (Exchange, an Entra ID token endpoint), over TLS or plain TCP, carrying one request at a time. NTLM
/// authenticates a connection, not a request, so the client keeps its connections instead of pooling them.
package final class HTTPConnection: Sendable {
    package struct Options: Sendable {
        package var host: String
        package var port: Int
        package var useTLS: Bool
        package var tls: TLSOptions
        /// Where the connection may go; checked on the resolved addresses.
        package var policy: OutboundPolicy
        package var connectTimeout: TimeAmount = .seconds(20)
        /// How long an answer may take (EWS calls on big folders are slow).
        package var readTimeout: Duration = .seconds(300)

        package init(host: String, port: Int, useTLS: Bool, tls: TLSOptions, policy: OutboundPolicy) {
            self.host = host
            self.port = port
            self.useTLS = useTLS
            self.tls = tls
            self.policy = policy
        }
    }

    package struct Response: Sendable {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: [UInt8]
        /// False when the server said `Connection: close` or HTTP/1.0 without keep-alive.
        package var keepAlive: Bool
    }

    private let channel: any Channel
    private let parts: ResponsePartQueue
    package let options: Options

    private init(channel: any Channel, parts: ResponsePartQueue, options: Options) {
        self.channel = channel
        self.parts = parts
        self.options = options
    }

    package var isActive: Bool { channel.isActive }

    /// Connects to an address of the host that the outbound policy allows; TLS and `Host` keep the host name.
    /// - Throws: `MailSourceError`: transient for network trouble, configuration for TLS settings or an address
    ///   the policy refuses.
    package static func connect(_ options: Options) async throws -> HTTPConnection {
        let queue = ResponsePartQueue()
        let handshake = AsyncQueue<Bool>()
        let tlsContext = options.useTLS ? try makeTLSContext(options) : nil
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(options.connectTimeout)
            .channelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        let handler = try NIOSSLClientHandler(context: tlsContext, serverHostname: ClientTLS.serverName(options.host))
                        try channel.pipeline.syncOperations.addHandler(handler)
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: handshake))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(QueueForwarder(queue: queue))
                }
            }
        do {
            let channel = try await options.policy.connect(bootstrap, host: options.host, port: options.port)
            // The certificate is known once the handshake is done; NTLM channel binding needs it.
            if options.useTLS {
                do {
                    guard try await handshake.next() == true else {
                        throw MailSourceError(.transient(retryAfter: nil), "the TLS handshake did not finish")
                    }
                } catch {
                    try? await channel.close()
                    throw error
                }
            }
            return HTTPConnection(channel: channel, parts: queue, options: options)
        } catch let error as MailSourceError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw MailSourceError(.transient(retryAfter: nil), "cannot connect to the Exchange server",
                                  detail: "\(options.host):\(options.port): \(error)")
        }
    }

    /// Sends one request and reads its whole answer.
    package func send(method: HTTPMethod, path: String, headers: [(String, String)], body: [UInt8]) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: options.port == (options.useTLS ? 443 : 80)
            ? options.host : "\(options.host):\(options.port)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        do {
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
        } catch {
            throw MailSourceError(.transient(retryAfter: nil), "connection to the Exchange server lost",
                                  detail: "\(error)")
        }
        let timeout = options.readTimeout
        return try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await self.readResponse() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw MailSourceError(.transient(retryAfter: nil), "the Exchange server did not answer in time")
            }
            defer { group.cancelAll() }
            guard let response = try await group.next() else { throw CancellationError() }
            return response
        }
    }

    private func readResponse() async throws -> Response {
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        while let part = try await parts.next() {
            switch part {
            case .head(let received):
                // 1xx answers (100 Continue) come before the real one.
                if received.status.code < 200 { continue }
                head = received
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { continue }
                return Response(status: Int(head.status.code), headers: head.headers, body: body,
                                keepAlive: head.isKeepAlive)
            }
        }
        throw MailSourceError(.transient(retryAfter: nil), "the Exchange server closed the connection")
    }

    /// The server's leaf certificate (DER), for NTLM channel binding (`tls-server-end-point`, RFC 5929).
    package func peerCertificate() async -> [UInt8]? {
        guard options.useTLS else { return nil }
        let channel = self.channel
        return try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate?.toDERBytes()
        }.get()
    }

    package func close() async {
        try? await channel.close()
    }

    static func makeTLSContext(_ options: Options) throws -> NIOSSLContext {
        try options.tls.context()
    }
}

/// Reports the end of the TLS handshake (true), or its failure.
private final class HandshakeWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    let done: AsyncQueue<Bool>

    init(done: AsyncQueue<Bool>) {
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { done.push(true) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.finish(ClientTLS.connectionError(error))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.finish(nil)
        context.fireChannelInactive()
    }
}

/// Response parts received on the event loop, read by one task at a time.
typealias ResponsePartQueue = AsyncQueue<HTTPClientResponsePart>
