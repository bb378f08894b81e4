import AsyncHTTPClient
import ClientTLS
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The process's HTTP client for Microsoft Graph and its token endpoint: one AsyncHTTPClient (connection pool,
/// HTTP/2 where the server offers it through ALPN) per outbound policy, kept for the process's life like
/// AsyncHTTPClient's own `HTTPClient.shared`. A server has one policy, so one client; tests that try several
/// policies get one each.
///
/// Every connection goes through ``OutboundTunnel``, which resolves and checks the host and connects to a checked
/// address (AsyncHTTPClient would otherwise resolve the name itself, out of the policy's reach). An integration's
/// TLS settings travel with each request.
public final class GraphHTTPClient: Sendable {
    let client: HTTPClient
    let tunnel: OutboundTunnel
    let registration: OutboundTunnel.Registration

    private static let clients = Mutex<[OutboundPolicy: GraphHTTPClient]>([:])

    /// The client for `policy`, made on first use.
    /// - Throws: `MailSourceError(.configuration)` when the tunnel can't listen.
    public static func shared(for policy: OutboundPolicy, tunnel: OutboundTunnel = .shared) async throws
        -> GraphHTTPClient {
        if let existing = clients.withLock({ $0[policy] }) { return existing }
        let registration: OutboundTunnel.Registration
        do {
            registration = try await tunnel.register(policy)
        } catch {
            throw MailSourceError(.configuration, "cannot start the outbound tunnel", detail: "\(error)")
        }
        return clients.withLock { clients in
            if let existing = clients[policy] { return existing }
            let made = GraphHTTPClient(tunnel: tunnel, registration: registration)
            clients[policy] = made
            return made
        }
    }

    private init(tunnel: OutboundTunnel, registration: OutboundTunnel.Registration) {
        self.tunnel = tunnel
        self.registration = registration
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(15), read: .seconds(120)),
            proxy: .server(host: registration.host, port: registration.port,
                           authorization: .basic(username: registration.username, password: registration.password)))
        configuration.httpVersion = .automatic
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// An answer, whatever its status.
    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: [UInt8]

        public func header(_ name: String) -> String? { headers.first(name: name) }
    }

    /// Sends one request and reads the whole answer.
    /// - Parameters:
    ///   - maximumBody: a longer answer is a failure (``BodyTooLarge``), not an answer.
    ///   - timeout: the whole exchange, from connecting to the last byte.
    /// - Throws: `MailSourceError` when no answer came: `.configuration` for a refused address or a TLS handshake
    ///   the settings can't pass, `.transient` for anything else (timeouts, dropped connections); ``BodyTooLarge``.
    public func send(method: HTTPMethod = .GET, url: String, headers: [(String, String)], body: [UInt8]? = nil,
                     tls: TLSConfiguration, maximumBody: Int, timeout: TimeAmount) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        request.tlsConfiguration = tls
        do {
            let response = try await client.execute(request, timeout: timeout)
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBody {
                throw BodyTooLarge(limit: maximumBody)
            }
            var collected: [UInt8] = []
            for try await buffer in response.body {
                guard collected.count + buffer.readableBytes <= maximumBody else {
                    throw BodyTooLarge(limit: maximumBody)
                }
                collected += buffer.readableBytesView
            }
            return Response(status: Int(response.status.code), headers: response.headers, body: collected)
        } catch let error as BodyTooLarge {
            throw error
        } catch let error as MailSourceError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw classify(error, url: url)
        }
    }

    /// An answer longer than the caller accepts.
    public struct BodyTooLarge: Error, Sendable {
        public var limit: Int
    }

    /// A failed exchange as the engine sees it.
    func classify(_ error: any Error, url: String) -> MailSourceError {
        let components = URLComponents(string: url)
        let host = components?.host ?? ""
        let port = components?.port ?? (components?.scheme == "http" ? 80 : 443)
        if let error = error as? HTTPClientError,
           error == .invalidProxyResponse || error == .proxyAuthenticationRequired {
            // The tunnel said no; it remembers why.
            if let failure = tunnel.failure(credential: registration.password, host: host, port: port) {
                return failure
            }
            return MailSourceError(.transient(retryAfter: nil), "the outbound tunnel did not connect",
                                   detail: "\(host), port \(port)")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return ClientTLS.connectionError(error)
        }
        return MailSourceError(.transient(retryAfter: nil), "the connection to \(host) failed",
                               detail: "\(host), port \(port): \(error)")
    }
}
