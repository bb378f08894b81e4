import ClientTLS
import Domain
import Foundation
import NIOCore
import NIOPosix
import Testing

/// The CONNECT tunnel that holds AsyncHTTPClient to the outbound policy: it resolves the name itself, connects
/// only to an allowed address, remembers why it refused, and serves only the clients it registered.
@Suite struct OutboundTunnelTests {
    /// A listener on 127.0.0.1 that echoes what it receives.
    static func echoServer() async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.pipeline.addHandler(Echo()) }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    final class Echo: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(data, promise: nil)
        }
    }

    /// Sends `request` to the tunnel and reads its answer; when it opened the tunnel, sends `payload` and reads
    /// until the echo has come back. Returns everything read.
    static func exchange(port: Int, request: String, payload: String = "") async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var text = ""
            var iterator = inbound.makeAsyncIterator()
            while !text.contains("\r\n\r\n"), let buffer = try await iterator.next() {
                text += String(buffer: buffer)
            }
            guard text.hasPrefix("HTTP/1.1 200") else {
                // A refusal closes the connection after its short body.
                while let buffer = try await iterator.next() { text += String(buffer: buffer) }
                return text
            }
            try await outbound.write(ByteBuffer(string: payload))
            while !text.hasSuffix(payload), let buffer = try await iterator.next() {
                text += String(buffer: buffer)
            }
            return text
        }
    }

    static func connect(_ target: String, _ registration: OutboundTunnel.Registration) -> String {
        let credential = Data("\(registration.username):\(registration.password)".utf8).base64EncodedString()
        return "CONNECT \(target) HTTP/1.1\r\nHost: \(target)\r\nProxy-Authorization: Basic \(credential)\r\n\r\n"
    }

    @Test func aNameThatResolvesToLoopbackIsRefusedAndTheReasonKept() async throws {
        let echo = try await Self.echoServer()
        let port = echo.localAddress?.port ?? 0
        let registration = try await OutboundTunnel.shared.register(OutboundPolicy())
        let answer = try await Self.exchange(port: registration.port,
                                             request: Self.connect("localhost:\(port)", registration))
        #expect(answer.hasPrefix("HTTP/1.1 403"), "\(answer)")
        let failure = OutboundTunnel.shared.failure(credential: registration.password, host: "localhost", port: port)
        #expect(failure?.kind == .configuration)
        #expect(failure?.summary.contains("refused: a loopback address") == true, "\(String(describing: failure))")
        try await echo.close()
    }

    @Test func anAllowedTargetIsTunnelled() async throws {
        let echo = try await Self.echoServer()
        let port = echo.localAddress?.port ?? 0
        let registration = try await OutboundTunnel.shared.register(OutboundPolicy(allowPrivateNetworks: true))
        let answer = try await Self.exchange(port: registration.port,
                                             request: Self.connect("127.0.0.1:\(port)", registration),
                                             payload: "ping through the tunnel")
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        #expect(answer.hasSuffix("\r\n\r\nping through the tunnel"), "\(answer)")
        try await echo.close()
    }

    @Test func aClientWithoutTheCredentialIsNotServed() async throws {
        let echo = try await Self.echoServer()
        let port = echo.localAddress?.port ?? 0
        var registration = try await OutboundTunnel.shared.register(OutboundPolicy(allowPrivateNetworks: true))
        registration.password = "guessed"
        let answer = try await Self.exchange(port: registration.port,
                                             request: Self.connect("127.0.0.1:\(port)", registration))
        #expect(answer.hasPrefix("HTTP/1.1 407"), "\(answer)")
        try await echo.close()
    }

    @Test func connectHeadsAreParsed() {
        let head = Array("CONNECT graph.microsoft.com:443 HTTP/1.1\r\nhost: graph.microsoft.com\r\n".utf8)
        #expect(ConnectRequestHead.parse(head) == .incomplete)
        let whole = head + Array("proxy-authorization: Basic eDp5\r\n\r\nTLS".utf8)
        #expect(ConnectRequestHead.parse(whole) == .complete(
            ConnectRequestHead(host: "graph.microsoft.com", port: 443, proxyAuthorization: "Basic eDp5"),
            consumed: whole.count - 3))
        #expect(ConnectRequestHead.parse(Array("CONNECT [::1]:8443 HTTP/1.1\r\n\r\n".utf8))
            == .complete(ConnectRequestHead(host: "::1", port: 8443), consumed: 31))
        #expect(ConnectRequestHead.parse(Array("GET / HTTP/1.1\r\n\r\n".utf8)) == .invalid("only CONNECT is served"))
        #expect(ConnectRequestHead.parse(Array("CONNECT host HTTP/1.1\r\n\r\n".utf8))
            == .invalid("the CONNECT target is not host:port"))
        #expect(ConnectRequestHead.parse(Array(repeating: 65, count: 9000)) == .invalid("the request head is too long"))
    }
}
