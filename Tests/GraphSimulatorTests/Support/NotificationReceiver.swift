import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A webhook receiver on http://127.0.0.1 for the subscription tests (the simulator may send to loopback over plain
/// HTTP): it answers validation requests as told and records every notification.
final class NotificationReceiver: Sendable {
    enum Validation: Sendable {
        /// 200, text/plain, the decoded token: what Graph expects.
        case echo
        /// 200 with another body.
        case wrongToken
        /// No answer until after the simulator gave up.
        case silent(Duration)
    }

    let validation: Validation
    private let received = Mutex<[(path: String, body: [UInt8])]>([])
    private let tokens = Mutex<[String]>([])
    private let server = Mutex<(Task<Void, Never>, ServiceGroup)?>(nil)

    init(validation: Validation = .echo) {
        self.validation = validation
    }

    /// Every notification received, its body read as JSON.
    var notifications: [(path: String, body: [String: Any])] {
        received.withLock { $0 }.map { entry in
            (entry.path, (try? JSONSerialization.jsonObject(with: Data(entry.body))) as? [String: Any] ?? [:])
        }
    }
    var validationTokens: [String] { tokens.withLock { $0 } }

    func start() async throws -> Int {
        let router = Router()
        router.post("/{hook}") { [self] request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024 * 1024)
            if let token = request.uri.queryParameters["validationToken"] {
                tokens.withLock { $0.append(String(token)) }
                switch validation {
                case .echo:
                    return Response(
                        status: .ok, headers: [.contentType: "text/plain"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: String(token))))
                case .wrongToken:
                    return Response(
                        status: .ok, headers: [.contentType: "text/plain"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: "hello")))
                case .silent(let delay):
                    try? await Task.sleep(for: delay)
                    return Response(status: .ok)
                }
            }
            let bytes = Array(buffer: body)
            received.withLock { $0.append((request.uri.path, bytes)) }
            return Response(status: .accepted)
        }
        var logger = Logger(label: "test.receiver")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task<Void, Never> { try? await group.run() }
        server.withLock { $0 = (task, group) }
        for await port in ports { return port }
        return 0
    }

    func stop() async {
        guard let (task, group) = server.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        await task.value
    }

    /// Waits up to five seconds for `count` notifications.
    func waitFor(_ count: Int) async throws -> [(path: String, body: [String: Any])] {
        for _ in 0..<100 {
            let all = notifications
            if all.count >= count { return all }
            try await Task.sleep(for: .milliseconds(50))
        }
        return notifications
    }
}
