import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization

/// A webhook receiver on 127.0.0.1 for tests: answers each request as `script` says for its number (1, 2, …),
/// after a delay if asked, and records every request it got.
final class WebhookReceiver: Sendable {
    /// How to answer one request.
    struct Reply: Sendable {
        var status: Int = 200
        var delay: Duration = .zero
        var headers: [(String, String)] = []
        var body: String = "ok"
    }

    struct Received: Sendable {
        var number: Int
        var id: String
        var timestamp: String
        var signature: String
        var body: Data
        var reply: Reply
        var at: ContinuousClock.Instant
    }

    private let script: @Sendable (Int) -> Reply
    private let state = Mutex<[Received]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let portBox = Mutex(0)
    var port: Int { portBox.withLock { $0 } }

    init(script: @escaping @Sendable (Int) -> Reply = { _ in Reply() }) {
        self.script = script
    }

    var received: [Received] { state.withLock { $0 } }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Starts listening on a free port.
    func start() async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            let reply = self.state.withLock { received in
                let number = received.count + 1
                let reply = self.script(number)
                received.append(Received(number: number, id: request.headers[.init("webhook-id")!] ?? "",
                                         timestamp: request.headers[.init("webhook-timestamp")!] ?? "",
                                         signature: request.headers[.init("webhook-signature")!] ?? "",
                                         body: Data(body.readableBytesView), reply: reply, at: .now))
                return reply
            }
            if reply.delay > .zero { try await Task.sleep(for: reply.delay) }
            var headers = HTTPFields()
            for (name, value) in reply.headers { headers[.init(name)!] = value }
            return Response(status: .init(code: reply.status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        task.withLock { $0 = Task { try await app.runService(gracefulShutdownSignals: []) } }
        for await port in stream {
            portBox.withLock { $0 = port }
            break
        }
    }

    func stop() {
        task.withLock { $0?.cancel() }
    }
}
