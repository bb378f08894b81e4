import Domain
// The simulated Entra ID's types (applications, token failures, token requests) are part of this simulator's
// configuration and control API, so its users get them with it.
import EntraSimulator
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// An Exchange 2016 stand-in for tests: an HTTP or HTTPS server on 127.0.0.1 that answers Exchange Web Services at
/// `POST /EWS/Exchange.asmx` in the XML shapes of Microsoft's reference, with NTLM, Basic or Bearer
/// authentication, delegate and impersonation rights, real sync states, Exchange-style moves, and failures on
/// demand. It reads (SyncFolderHierarchy, SyncFolderItems, GetItem with the properties of the stored MIME,
/// FindItem with restrictions and sort orders, GetFolder, FindFolder, GetAttachment) and writes (MoveItem,
/// CopyItem, CreateItem, SendItem, UpdateItem, DeleteItem, CreateFolder). It is also the Entra ID token endpoint
/// (`POST /{tenant}/oauth2/v2.0/token`) of its ``EWSSimulatorConfiguration/applications``, whose tokens the EWS
/// endpoint accepts until they expire, and, with ``EWSSimulatorConfiguration/adminAPI``, serves ``AdminAPI``
/// under `/_sim/`. ``SimulatorSeed`` fills it from a scenario file.
///
/// ```swift
/// let simulator = EWSSimulator(configuration: .init(accounts: [.init(login: "alice", password: pw,
///     smtpAddress: "alice@contoso.com")]))
/// let port = try await simulator.start()
/// let message = try simulator.addMessage(mime, to: .inbox, mailbox: "alice@contoso.com")
/// simulator.failNext(operation: "GetItem", with: .serverBusy(backOffMilliseconds: 500))
/// await simulator.stop()
/// ```
public final class EWSSimulator: Sendable {
    public let configuration: EWSSimulatorConfiguration
    let state: Mutex<SimulatorState>
    private let requestedPort: Int
    private let logger: Logger
    private let server = Mutex<(task: Task<Void, Never>, group: ServiceGroup)?>(nil)

    /// Sets up the mailboxes of the configured accounts and extra mailboxes, each with the well-known folders.
    /// - Parameters:
    ///   - port: the port to listen on; 0 picks a free one.
    ///   - logger: for the HTTP server; warnings and errors only by default.
    public init(configuration: EWSSimulatorConfiguration, port: Int = 0, logger: Logger? = nil) {
        self.configuration = configuration
        requestedPort = port
        self.logger =
            logger
            ?? {
                var logger = Logger(label: "mailstream.ews-simulator")
                logger.logLevel = .warning
                return logger
            }()
        var store = SimulatorStore(seed: configuration.seed)
        for address in configuration.accounts.compactMap(\.smtpAddress) + configuration.extraMailboxes {
            store.addMailbox(address)
        }
        state = Mutex(SimulatorState(store: store, identity: EntraIdentityState(applications: configuration.applications)))
    }

    /// Starts listening on 127.0.0.1, over HTTPS when the configuration has ``EWSSimulatorConfiguration/tls``.
    /// - Returns: the port.
    /// - Throws: ``EWSSimulatorError`` when already started, the port can't be bound, or the TLS or Extended
    ///   Protection settings are unusable.
    public func start() async throws -> Int {
        let security = try ListenerSecurity(configuration)
        var listener = HTTPServerBuilder.http1()
        if let tlsConfiguration = security.tlsConfiguration {
            listener = try .tls(.http1(), tlsConfiguration: tlsConfiguration)
        }
        state.withLock { $0.channelBinding = security.channelBinding }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let router = Router(context: SimulatorRequestContext.self)
        let responder: @Sendable (Request, SimulatorRequestContext) async throws -> Response = {
            [self] request, context in
            try await self.respond(to: request, context: context)
        }
        router.post("/EWS/Exchange.asmx", use: responder)
        router.post("/ews/exchange.asmx", use: responder)
        router.post("/EWS/exchange.asmx", use: responder)
        router.post("/{tenant}/oauth2/v2.0/token") { [self] request, context in
            try await self.respondToTokenRequest(request, context: context)
        }
        if configuration.adminAPI { addAdminRoutes(to: router) }
        let app = Application(
            router: router,
            server: listener,
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: requestedPort), serverName: "Microsoft-IIS/10.0"
            ),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(services: [app], logger: logger)
        let task = try server.withLock { server throws(EWSSimulatorError) -> Task<Void, Never> in
            guard server == nil else { throw EWSSimulatorError(code: .alreadyStarted, detail: "") }
            let task = Task {
                try? await group.run()
                continuation.finish()
            }
            server = (task, group)
            return task
        }
        for await port in ports where port > 0 {
            return port
        }
        task.cancel()
        server.withLock { $0 = nil }
        throw EWSSimulatorError(code: .notAllowed, detail: "the server did not start on port \(requestedPort)")
    }

    /// Stops listening and closes every connection: gracefully (requests under way finish), or by cancellation
    /// when that takes more than five seconds.
    public func stop() async {
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
    }

    private func respond(to request: Request, context: SimulatorRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let connection = ObjectIdentifier(context.channel)
        let pipeline = RequestPipeline(configuration: configuration)
        let (login, isNewConnection) = state.withLock { state in
            let isNew = state.connections[connection] == nil
            let login = pipeline.authenticate(
                connection: connection, authorization: request.headers[.authorization], state: &state
            )
            return (login, isNew)
        }
        if isNewConnection {
            context.channel.closeFuture.whenComplete { [weak self] _ in
                _ = self?.state.withLock { $0.connections.removeValue(forKey: connection) }
            }
        }
        let answer: HTTPAnswer
        switch login.flatMap({ login in pipeline.decode(Array(buffer: body)).map { (login, $0) } }) {
        case .failure(let box):
            answer = box.answer
        case .success(let (login, soapRequest)):
            switch state.withLock({ pipeline.admit(soapRequest, login: login, state: &$0) }) {
            case .answer(let immediate): answer = immediate
            case .execute(let executor, let soapRequest): answer = pipeline.execute(executor, soapRequest)
            }
        }
        if answer.resetsAuthentication {
            _ = state.withLock { $0.connections.removeValue(forKey: connection) }
        }
        if answer.dropsConnection {
            try? await context.channel.close()
            throw EWSSimulatorError(code: .notAllowed, detail: "connection dropped on purpose")
        }
        return Self.response(answer)
    }

    /// The simulated Entra ID token endpoint (``EntraTokenIssuer``).
    private func respondToTokenRequest(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1024 * 1024)
        let tenant = context.parameters.get("tenant") ?? ""
        let authority = request.head.authority ?? "127.0.0.1"
        let scheme = configuration.tls == nil ? "http" : "https"
        let answer = answerTokenRequest(tenant: tenant, body: Array(buffer: body),
                                        audience: "\(scheme)://\(authority)/\(tenant)/oauth2/v2.0/token")
        var response = Self.response(answer)
        response.headers[.cacheControl] = "no-store, no-cache"
        return response
    }

    /// The ``AdminAPI`` routes, `/_sim/…`.
    private func addAdminRoutes(to router: Router<SimulatorRequestContext>) {
        let admin = AdminAPI(simulator: self)
        for path in AdminAPI.paths {
            for method in [HTTPRequest.Method.get, .post, .delete] {
                router.on(RouterPath("/_sim/\(path)"), method: method) { request, context in
                    let body = try await request.body.collect(upTo: context.maxUploadSize)
                    var query: [String: String] = [:]
                    for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
                    let answer = admin.handle(
                        method: request.method.rawValue, path: request.uri.path, query: query, body: Array(buffer: body))
                    var headers = HTTPFields()
                    headers[.contentType] = "application/json"
                    return Response(
                        status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
                }
            }
        }
    }

    /// An opaque token: 32 random bytes, base64url (Exchange Online's are JWTs, but clients must not read them).
    static func newAccessToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "sim." + Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private static func response(_ answer: HTTPAnswer) -> Response {
        var headers = HTTPFields()
        if let contentType = answer.contentType { headers[.contentType] = contentType }
        if !answer.wwwAuthenticate.isEmpty { headers[values: .wwwAuthenticate] = answer.wwwAuthenticate }
        if let retryAfter = answer.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(
            status: Self.status(answer.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }

    private static func status(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 200: .ok
        case 401: .unauthorized
        case 429: .tooManyRequests
        case 500: .internalServerError
        case 503: .serviceUnavailable
        default: HTTPResponse.Status(code: code)
        }
    }
}
