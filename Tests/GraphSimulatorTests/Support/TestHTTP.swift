import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// What a test request got back: status, headers, body, and the body read as JSON.
struct TestResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    var value: [[String: Any]] { json["value"] as? [[String: Any]] ?? [] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A minimal HTTP/1.1 client for tests: one connection per request, raw target (so tests choose the exact
/// percent-encoding), bytes in and out.
enum TestHTTP {
    struct ConnectionClosed: Error {}

    static func send(
        port: Int, method: HTTPMethod = .GET, target: String, headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> TestResponse {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: target)
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "Content-Length", value: String(body.count))
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            try await outbound.write(.head(head))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var response: TestResponse?
            for try await part in inbound {
                switch part {
                case .head(let head):
                    response = TestResponse(status: Int(head.status.code), headers: head.headers, body: [])
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

    static func form(_ fields: [(String, String)]) -> [UInt8] {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._*"))
        return Array(
            fields.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
            }.joined(separator: "&").utf8)
    }
}
