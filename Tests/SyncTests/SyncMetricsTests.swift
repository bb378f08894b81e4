import Domain
import Foundation
import Prometheus
import Store
import Sync
import Testing

/// The engine's counters as Prometheus shows them at /metrics: comments created and sync errors by kind.
@Suite struct SyncMetricsTests {
    @Test func createdCommentsAndErrorsByKindAreCounted() async throws {
        let registry = PrometheusCollectorRegistry()
        let world = try await SyncEngineTests.World(metrics: SyncMetrics(factory: PrometheusMetricsFactory(registry: registry)))
        defer { world.cleanup() }
        for index in 0..<3 {
            await world.server.add(SyncEngineTests.mail("m\(index)@x"), to: "INBOX", in: "alice@example.com")
        }
        _ = try await world.engine.syncOnce()
        await world.server.fail("alice@example.com", with: MailSourceError(.authentication, "login failed"))
        _ = try await world.engine.syncOnce()
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.contains("mailstream_comments_created_total 3"))
        #expect(lines.contains("mailstream_mailbox_passes_total 1"))
        #expect(lines.contains(#"mailstream_sync_errors_total{kind="authentication"} 1"#))
    }
}
