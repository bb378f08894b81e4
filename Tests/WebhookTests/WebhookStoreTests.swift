import Domain
import Foundation
import Store
import SQLiteStore
import Testing

/// The store's side of delivery: the stream moves only on completion and only from where the batch began; the
/// batch in flight survives; the log is bounded; a target goes with its stream.
@Suite struct WebhookStoreTests {
    func pending(_ fixture: WebhookFixture, id: String = "msg_1", to: Int64 = 2) async throws -> PendingWebhookDelivery {
        var next = StreamPosition()
        next[fixture.source.id] = to
        return PendingWebhookDelivery(id: id, from: StreamPosition(), to: next, body: Data("{}".utf8), resultCount: 2,
                                      oldestResultAt: Date(), createdAt: Date())
    }

    func attempt(_ id: String, status: Int?, error: String?) -> WebhookDeliveryAttempt {
        WebhookDeliveryAttempt(deliveryID: id, at: Date(), status: status, latency: .milliseconds(12), attempt: 1,
                               resultCount: 2, error: error)
    }

    @Test func theStreamMovesOnlyOnCompletionAndOnlyFromTheBatchStart() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        try await fixture.addEmails(0..<3)
        let store = fixture.store
        let webhook = try await store.saveWebhook(streamID: fixture.stream.id, url: "https://x.example/", batchSize: 2,
                                                  secret: .generate())
        let first = try await pending(fixture)
        #expect(try await store.startWebhookDelivery(webhookID: webhook.id, delivery: first)?.id == "msg_1")
        // A second start returns the batch already in flight: one batch at a time, same id and body.
        let again = try await store.startWebhookDelivery(webhookID: webhook.id,
                                                         delivery: try await pending(fixture, id: "msg_2"))
        #expect(again?.id == "msg_1" && again?.to == first.to && again?.from == first.from && again?.body == first.body)
        try await store.failWebhookDelivery(webhookID: webhook.id, attempt: attempt("msg_1", status: 500, error: "500"),
                                            nextAttemptAt: Date(), disable: nil)
        var stored = try #require(try await store.webhook(id: webhook.id))
        #expect(stored.failedAttempts == 1 && stored.failingSince != nil && stored.pending?.id == first.id && stored.enabled)
        #expect(try await store.stream(datasetID: fixture.dataset.id, name: "push")?.position == StreamPosition())

        try await store.completeWebhookDelivery(webhookID: webhook.id, deliveryID: "msg_1",
                                                attempt: attempt("msg_1", status: 200, error: nil))
        stored = try #require(try await store.webhook(id: webhook.id))
        #expect(stored.pending == nil && stored.failedAttempts == 0 && stored.failingSince == nil)
        #expect(try await store.stream(datasetID: fixture.dataset.id, name: "push")?.position == first.to)

        // A batch taken before a reset doesn't move the stream after it.
        var later = first.to
        later[fixture.source.id] = 3
        let second = PendingWebhookDelivery(id: "msg_3", from: first.to, to: later, body: Data(), resultCount: 1,
                                            oldestResultAt: nil, createdAt: Date())
        #expect(try await store.startWebhookDelivery(webhookID: webhook.id, delivery: second)?.id == "msg_3")
        try await store.setStreamPosition(id: fixture.stream.id, position: StreamPosition())
        try await store.completeWebhookDelivery(webhookID: webhook.id, deliveryID: "msg_3",
                                                attempt: attempt("msg_3", status: 200, error: nil))
        #expect(try await store.stream(datasetID: fixture.dataset.id, name: "push")?.position == StreamPosition())
        // And a batch from a position the stream has left is not started.
        #expect(try await store.startWebhookDelivery(webhookID: webhook.id, delivery: second) == nil)

        let log = try await store.webhookDeliveries(webhookID: webhook.id, limit: 10)
        #expect(log.map(\.deliveryID) == ["msg_3", "msg_1", "msg_1"] && log.last?.status == 500)
        #expect(log.first?.latency == .milliseconds(12))
    }

    @Test func theLogKeepsTheLastAttemptsAndGoesWithTheStream() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let store = fixture.store
        let webhook = try await store.saveWebhook(streamID: fixture.stream.id, url: "https://x.example/", batchSize: 2,
                                                  secret: .generate())
        for n in 0..<(webhookLogLength + 30) {
            try await store.failWebhookDelivery(webhookID: webhook.id, attempt: attempt("msg_\(n)", status: 500,
                                                                                        error: "e"),
                                                nextAttemptAt: Date(), disable: n == 5 ? "gave up" : nil)
        }
        let log = try await store.webhookDeliveries(webhookID: webhook.id, limit: 1_000)
        #expect(log.count == webhookLogLength)
        #expect(log.first?.deliveryID == "msg_\(webhookLogLength + 29)" && log.last?.deliveryID == "msg_30")
        let disabled = try #require(try await store.webhook(id: webhook.id))
        #expect(!disabled.enabled && disabled.disabledReason == "gave up" && disabled.failedAttempts == webhookLogLength + 30)
        try await store.deleteStream(id: fixture.stream.id)
        #expect(try await store.webhook(id: webhook.id) == nil)
        #expect(try await store.webhookDeliveries(webhookID: webhook.id, limit: 10).isEmpty)
    }
}
