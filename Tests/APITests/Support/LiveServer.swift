import API
import Foundation
import InMemoryLogging
import Logging
import Prometheus
import ServiceLifecycle
import Testing

/// The API application as `mailstream serve` runs it (its own child channel, connection limits and body budget),
/// listening on 127.0.0.1 on a free port, with its logs kept in memory at debug level and its metrics readable.
struct LiveServer {
    let port: Int
    let logs: InMemoryLogHandler
    let registry: PrometheusCollectorRegistry

    struct Timeout: Error {}

    /// Starts the server over the harness's store, runs `body`, and stops the server (within 10 s, or the test
    /// fails: every connection the test opened must be closed by then).
    static func run(_ harness: APIHarness, limits: ServerLimits,
                    _ body: @Sendable (LiveServer) async throws -> Void) async throws {
        var logs = InMemoryLogHandler()
        logs.logLevel = .debug
        let handler = logs
        let logger = Logger(label: "mailstream-test") { _ in handler }
        let registry = PrometheusCollectorRegistry()
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let app = MailstreamApplication.make(
            store: harness.store, sources: nil, metrics: registry,
            host: "127.0.0.1", port: 0, limits: limits, logger: logger,
            onListening: { listening.yield($0) }
        )
        let group = ServiceGroup(services: [app], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw Timeout() }
            let server = LiveServer(port: port, logs: handler, registry: registry)
            var failure: (any Error)?
            do { try await body(server) } catch { failure = error }
            await group.triggerGracefulShutdown()
            tasks.addTask {
                try await Task.sleep(for: .seconds(10))
                throw Timeout()
            }
            do {
                try await tasks.next()
            } catch {
                tasks.cancelAll()
                throw failure ?? error
            }
            tasks.cancelAll()
            if let failure { throw failure }
        }
    }

    /// `/metrics` as text.
    func metrics() -> String {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The request-count series of `/metrics` (one line per method, route and status), once one of them contains
    /// `marker` or after 20 s.
    func requestSeries(until marker: String) async -> [Substring] {
        let started = ContinuousClock.now
        var text = metrics()
        while !text.contains(marker), ContinuousClock.now - started < .seconds(20) {
            try? await Task.sleep(for: .milliseconds(50))
            text = metrics()
        }
        return text.split(separator: "\n").filter { $0.hasPrefix("mailstream_http_request_duration_seconds_count") }
    }

    /// One request on a new connection, its response (nil if none within `limit`).
    func request(_ text: String, within limit: Duration = .seconds(20)) async throws -> RawResponse? {
        let connection = try RawConnection(port: port)
        defer { connection.close() }
        await connection.send(text)
        return await connection.response(within: limit)
    }
}
