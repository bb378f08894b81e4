// The simulated Entra ID's types (applications, token failures, token requests) are part of this simulator's
// configuration and control API, so its users get them with it.
import EntraSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import Synchronization

/// A Microsoft Graph (mail) stand-in for tests: an HTTP or HTTPS server on 127.0.0.1 that answers Graph v1.0's mail
/// endpoints (`/v1.0/users/{id}/mailFolders`, `…/messages/delta`, `…/messages/{id}/$value`, attachments,
/// `/subscriptions`) in the JSON shapes of Microsoft's docs, with real delta semantics, immutable ids, Outlook's
/// 4-concurrent-requests limit and failures on demand. It is also the Entra ID token endpoint
/// (`POST /{tenant}/oauth2/v2.0/token`, with OpenID discovery for MSAL) of its ``GraphSimulatorConfiguration/
/// applications``, whose app-only tokens the Graph endpoints accept until they expire. An optional admin API on a
/// second port exposes the control API as JSON.
///
/// ```swift
/// let simulator = GraphSimulator(configuration: .init(applications: [app], mailboxes: [.init("alice@contoso.com")]))
/// let port = try await simulator.start()
/// let message = try simulator.deliver(mime, to: .inbox, mailbox: "alice@contoso.com")
/// simulator.failNext(.messageDelta, with: .throttled(retryAfter: 2.5))
/// await simulator.stop()
/// ```
public final class GraphSimulator: Sendable {
    /// The configuration it was made with (applications and mailboxes changed later through the control API are
    /// not reflected here).
    public let configuration: GraphSimulatorConfiguration
    let state: Mutex<GraphState>
    private let requestedPort: Int
    private let requestedAdminPort: Int?
    let logger: Logger
    private let server = Mutex<(task: Task<Void, Never>, group: ServiceGroup)?>(nil)
    private let ports = Mutex<(graph: Int?, admin: Int?)>((nil, nil))
    let outbox = Mutex<AsyncStream<OutgoingNotification>.Continuation?>(nil)
    let notificationClient: NotificationClient?

    /// - Parameters:
    ///   - port: the Graph and token port; 0 picks a free one.
    ///   - adminPort: where the admin API listens (127.0.0.1); nil for none, 0 for a free port.
    public init(
        configuration: GraphSimulatorConfiguration, port: Int = 0, adminPort: Int? = nil,
        logger: Logger? = nil
    ) {
        self.configuration = configuration
        requestedPort = port
        requestedAdminPort = adminPort
        self.logger =
            logger
            ?? {
                var logger = Logger(label: "mailstream.graph-simulator")
                logger.logLevel = .warning
                return logger
            }()
        var store = MailStore(seed: configuration.seed)
        for mailbox in configuration.mailboxes {
            store.addMailbox(mailbox.address, displayName: mailbox.displayName, userID: mailbox.userID)
        }
        state = Mutex(
            GraphState(
                store: store, identity: EntraIdentityState(applications: configuration.applications),
                responseDelay: configuration.responseDelay,
                moveRemovalReason: configuration.moveRemovalReason))
        notificationClient = try? NotificationClient(extraTrustRootsPEM: configuration.notificationTrustRootsPEM)
    }

    /// The Graph port once started.
    public var port: Int? { ports.withLock { $0.graph } }
    /// The admin API's port once started, if it has one.
    public var adminPort: Int? { ports.withLock { $0.admin } }

    /// Starts listening on 127.0.0.1 (HTTPS with ``GraphSimulatorConfiguration/tls``), and the admin API if asked.
    /// - Returns: the Graph port.
    /// - Throws: ``GraphSimulatorError`` when already started, a port can't be bound, or the TLS settings are
    ///   unusable.
    public func start() async throws -> Int {
        var listener = HTTPServerBuilder.http1()
        if let tls = configuration.tls { listener = try .tls(.http1(), tlsConfiguration: Self.serverTLS(tls)) }
        let (running, continuation) = AsyncStream<(Bool, Int)>.makeStream()
        let app = Application(
            router: graphRouter(), server: listener,
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: requestedPort),
                serverName: "Microsoft-IIS/10.0"),
            onServerRunning: { continuation.yield((false, $0.localAddress?.port ?? 0)) }, logger: logger)
        var services: [any Service] = [app]
        if let requestedAdminPort {
            services.append(
                Application(
                    router: adminRouter(),
                    configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: requestedAdminPort)),
                    onServerRunning: { continuation.yield((true, $0.localAddress?.port ?? 0)) }, logger: logger))
        }
        let (notifications, outboxContinuation) = AsyncStream<OutgoingNotification>.makeStream()
        services.append(NotificationDispatcher(simulator: self, notifications: notifications))
        let group = ServiceGroup(services: services, logger: logger)
        try server.withLock { server throws(GraphSimulatorError) in
            guard server == nil else { throw GraphSimulatorError(code: .alreadyStarted, detail: "") }
            let task = Task {
                try? await group.run()
                continuation.finish()
            }
            server = (task, group)
        }
        outbox.withLock { $0 = outboxContinuation }
        var expected = requestedAdminPort == nil ? 1 : 2
        for await (isAdmin, port) in running where port > 0 {
            ports.withLock { if isAdmin { $0.admin = port } else { $0.graph = port } }
            expected -= 1
            if expected == 0, let graph = self.port { return graph }
        }
        await stop()
        throw GraphSimulatorError(
            code: .invalidConfiguration,
            detail: "the server did not start on port "
                + "\(requestedPort)")
    }

    /// Stops listening and closes every connection: gracefully, or by cancellation after five seconds.
    public func stop() async {
        outbox.withLock { continuation in
            continuation?.finish()
            continuation = nil
        }
        guard
            let (task, group) = server.withLock({ server in
                defer { server = nil }
                return server
            })
        else { return }
        await group.triggerGracefulShutdown()
        let deadline = Task {
            try? await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        await task.value
        deadline.cancel()
        ports.withLock { $0 = (nil, nil) }
    }

    private static func serverTLS(
        _ tls: GraphSimulatorConfiguration.TLS
    ) throws(GraphSimulatorError)
        -> TLSConfiguration
    {
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(tls.certificateChainPEM.utf8))
            guard !chain.isEmpty else {
                throw GraphSimulatorError(code: .invalidConfiguration, detail: "the TLS certificate file holds none")
            }
            let key = try NIOSSLPrivateKey(bytes: Array(tls.privateKeyPEM.utf8), format: .pem)
            var settings = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key))
            settings.minimumTLSVersion = .tlsv12
            settings.applicationProtocols = ["http/1.1"]
            // Building a context checks that the key fits the certificate before any client connects.
            _ = try NIOSSLContext(configuration: settings)
            return settings
        } catch let error as GraphSimulatorError {
            throw error
        } catch {
            throw GraphSimulatorError(code: .invalidConfiguration, detail: "the TLS certificate and key: \(error)")
        }
    }

    /// Where links point: the scheme and the `Host` the client used.
    func origin(of request: Request) -> String {
        let scheme = configuration.tls == nil ? "http" : "https"
        return "\(scheme)://\(request.head.authority ?? "127.0.0.1:\(port ?? 0)")"
    }

    static func response(_ answer: GraphAnswer, requestID: String? = nil) -> Response {
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers.append(.init(name: field, value: value)) }
        }
        if let requestID, let name = HTTPField.Name("request-id") { headers[name] = requestID }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
