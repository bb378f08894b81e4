import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client for tests: one keep-alive TCP connection, one request at a time, raw bytes in and
/// out, so the tests see exactly what the simulator sends (status, every `WWW-Authenticate`, the body).
final class TestHTTPConnection {
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var wwwAuthenticate: [String] { headers["WWW-Authenticate"] }

        func header(_ name: String) -> [String] { headers[name] }
    }

    struct ConnectionClosed: Error {}

    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

    private init(
        inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    ) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Opens a connection to 127.0.0.1:`port`, runs `body` with it and closes it.
    static func with<Result>(
        port: Int,
        _ body: (TestHTTPConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = TestHTTPConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(connection)
        }
    }

    /// Sends one request and reads the whole answer.
    /// - Throws: ``ConnectionClosed`` when the server closes the connection without answering.
    func send(
        method: HTTPMethod = .POST,
        path: String = "/EWS/Exchange.asmx",
        headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: "127.0.0.1")
        head.headers.add(name: "Content-Length", value: String(body.count))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        try await outbound.write(.head(head))
        if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        try await outbound.write(.end(nil))

        var response: Response?
        while let part = try await inbound.next() {
            switch part {
            case .head(let head):
                response = Response(status: Int(head.status.code), headers: head.headers, body: [])
            case .body(var buffer):
                response?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let response else { throw ConnectionClosed() }
                return response
            }
        }
        throw ConnectionClosed()
    }
}
