import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTP client the simulator posts validation requests and notifications with: one request per connection,
/// HTTP/1.1, TLS for https URLs (the system's trust roots plus any given), bounded by a timeout.
struct NotificationClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var contentType: String?
        var body: [UInt8]
    }

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    let tlsConfiguration: TLSConfiguration

    init(extraTrustRootsPEM: String?) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let pem = extraTrustRootsPEM {
            let certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
            configuration.additionalTrustRoots = [.certificates(certificates)]
        }
        tlsConfiguration = configuration
    }

    func post(_ url: URL, contentType: String?, body: [UInt8], timeout: Duration) async throws -> Reply {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host else {
            throw Failure(description: "not an http(s) URL")
        }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let path = url.path.isEmpty ? "/" : url.path
        let target = url.query.map { "\(path)?\($0)" } ?? path
        let tls = scheme == "https" ? try NIOSSLContext(configuration: tlsConfiguration) : nil
        return try await withThrowingTaskGroup(of: Reply?.self) { group in
            group.addTask {
                try await Self.exchange(
                    host: host, port: port, target: target, tls: tls, contentType: contentType,
                    body: body)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let reply = first else {
                throw Failure(description: "no answer within \(timeout)")
            }
            return reply
        }
    }

    private static func exchange(
        host: String, port: Int, target: String, tls: NIOSSLContext?, contentType: String?,
        body: [UInt8]
    ) async throws -> Reply {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let serverName = host.first?.isNumber == true || host.contains(":") ? nil : host
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target)
            head.headers.add(name: "Host", value: port == 80 || port == 443 ? host : "\(host):\(port)")
            head.headers.add(name: "Content-Length", value: String(body.count))
            if let contentType { head.headers.add(name: "Content-Type", value: contentType) }
            head.headers.add(name: "Connection", value: "close")
            try await outbound.write(.head(head))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var reply: Reply?
            for try await part in inbound {
                switch part {
                case .head(let head):
                    reply = Reply(
                        status: Int(head.status.code), contentType: head.headers.first(name: "Content-Type"),
                        body: [])
                case .body(var buffer):
                    reply?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
                case .end:
                    if let reply { return reply }
                }
            }
            throw Failure(description: "the connection closed without an answer")
        }
    }
}
