import Domain
import Foundation
import GRDB
import Store

// MARK: Stream webhooks

extension SQLiteStore {
    public func saveWebhook(streamID: String, url: String, batchSize: Int, secret: WebhookSecret) async throws
        -> StreamWebhook {
        let now = Self.now()
        let webhook = StreamWebhook(id: Self.newID(), streamID: streamID, url: url, batchSize: batchSize,
                                    createdAt: now)
        let sealed = try secrets.seal(secret.text)
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM stream WHERE id = ?", arguments: [streamID]) != nil else {
                throw StoreError.notFound("stream \(streamID)")
            }
            // Re-creating is how a secret rotates: the old row, its batch in flight and its log go.
            try db.execute(sql: "DELETE FROM webhook WHERE stream_id = ?", arguments: [streamID])
            try db.execute(
                sql: """
                    INSERT INTO webhook (id, stream_id, url, batch_size, secret, enabled, created_at)
                    VALUES (?, ?, ?, ?, ?, 1, ?)
                    """,
                arguments: [webhook.id, streamID, url, batchSize, sealed, Self.time(now)])
        }
        return webhook
    }

    public func webhook(streamID: String) async throws -> StreamWebhook? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE stream_id = ?", arguments: [streamID])
                .map(Self.webhook(from:))
        }
    }

    public func webhook(id: String) async throws -> StreamWebhook? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [id]).map(Self.webhook(from:))
        }
    }

    public func webhooks() async throws -> [StreamWebhook] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook ORDER BY created_at, id").map(Self.webhook(from:))
        }
    }

    public func webhookSubject(webhookID: String) async throws -> (stream: CommentStream, dataset: Dataset)? {
        try await database.read { db in
            guard let stream = try Row.fetchOne(db, sql: """
                SELECT stream.* FROM stream JOIN webhook ON webhook.stream_id = stream.id WHERE webhook.id = ?
                """, arguments: [webhookID]).map(Self.stream(from:)),
                let dataset = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE id = ?",
                                               arguments: [stream.datasetID]).map(Self.dataset(from:))
            else { return nil }
            return (stream, dataset)
        }
    }

    public func webhookSecret(webhookID: String) async throws -> WebhookSecret {
        let sealed = try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT secret FROM webhook WHERE id = ?", arguments: [webhookID])
        }
        guard let sealed else { throw StoreError.notFound("webhook \(webhookID)") }
        guard let secret = WebhookSecret(text: try secrets.open(sealed)) else {
            throw StoreError.invalid("webhook \(webhookID) has an unreadable secret")
        }
        return secret
    }

    public func deleteWebhook(streamID: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM webhook WHERE stream_id = ?", arguments: [streamID])
            guard db.changesCount > 0 else { throw StoreError.notFound("webhook of stream \(streamID)") }
        }
    }

    public func setWebhookEnabled(id: String, enabled: Bool, reason: String?) async throws {
        let now = Self.time(Self.now())
        try await database.write { db in
            if enabled {
                try db.execute(sql: """
                    UPDATE webhook SET enabled = 1, disabled_reason = NULL, disabled_at = NULL, failing_since = NULL,
                        failed_attempts = 0, next_attempt_at = NULL WHERE id = ?
                    """, arguments: [id])
            } else {
                try db.execute(sql: "UPDATE webhook SET enabled = 0, disabled_reason = ?, disabled_at = ? WHERE id = ?",
                               arguments: [reason, now, id])
            }
            guard db.changesCount > 0 else { throw StoreError.notFound("webhook \(id)") }
        }
    }

    public func startWebhookDelivery(webhookID: String, delivery: PendingWebhookDelivery) async throws
        -> PendingWebhookDelivery? {
        try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [webhookID])
            else { throw StoreError.notFound("webhook \(webhookID)") }
            let webhook = Self.webhook(from: row)
            if let pending = webhook.pending { return pending }
            guard try Self.streamPosition(db, streamID: webhook.streamID) == delivery.from else { return nil }
            try db.execute(
                sql: """
                    UPDATE webhook SET pending_id = ?, pending_from = ?, pending_to = ?, pending_body = ?,
                        pending_count = ?, pending_oldest = ?, pending_created_at = ? WHERE id = ?
                    """,
                arguments: [delivery.id, delivery.from.token, delivery.to.token, delivery.body, delivery.resultCount,
                            delivery.oldestResultAt.map(Self.time), Self.time(delivery.createdAt), webhookID])
            return delivery
        }
    }

    public func completeWebhookDelivery(webhookID: String, deliveryID: String, attempt: WebhookDeliveryAttempt)
        async throws {
        try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [webhookID])
            else { return }  // deleted while the request was out: nothing to move
            let webhook = Self.webhook(from: row)
            guard let pending = webhook.pending, pending.id == deliveryID else { return }
            try Self.moveStream(db, streamID: webhook.streamID, from: pending.from, to: pending.to)
            try db.execute(sql: """
                UPDATE webhook SET pending_id = NULL, pending_from = NULL, pending_to = NULL, pending_body = NULL,
                    pending_count = NULL, pending_oldest = NULL, pending_created_at = NULL, failing_since = NULL,
                    failed_attempts = 0, next_attempt_at = NULL WHERE id = ?
                """, arguments: [webhookID])
            try Self.log(db, webhookID: webhookID, attempt)
        }
    }

    public func failWebhookDelivery(webhookID: String, attempt: WebhookDeliveryAttempt, nextAttemptAt: Date,
                                    disable: String?) async throws {
        try await database.write { db in
            guard let before = try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [webhookID])
            else { return }
            try db.execute(
                sql: """
                    UPDATE webhook SET failing_since = COALESCE(failing_since, ?), failed_attempts = failed_attempts + 1,
                        next_attempt_at = ?, enabled = CASE WHEN ? IS NULL THEN enabled ELSE 0 END,
                        disabled_reason = COALESCE(?, disabled_reason),
                        disabled_at = CASE WHEN ? IS NULL THEN disabled_at ELSE ? END
                    WHERE id = ?
                    """,
                arguments: [Self.time(attempt.at), Self.time(nextAttemptAt), disable, disable, disable,
                            Self.time(attempt.at), webhookID])
            try Self.log(db, webhookID: webhookID, attempt)
            // Told in this transaction, and only by the step from enabled to disabled: a second deliverer (or a
            // retry of this call) finds it disabled already and tells nothing; a crash undoes both or neither.
            let webhook = Self.webhook(from: before)
            if disable != nil, webhook.enabled {
                try Self.recordWebhookDisabled(webhook, attempt: attempt, db)
            }
        }
    }

    /// The ``NotificationEvent/Kind/webhookDisabled`` event of `webhook` (as it was before this failure), told to
    /// those who may manage the dataset's streams.
    private static func recordWebhookDisabled(_ webhook: StreamWebhook, attempt: WebhookDeliveryAttempt,
                                              _ db: Database) throws {
        guard let stream = try Row.fetchOne(db, sql: "SELECT * FROM stream WHERE id = ?",
                                            arguments: [webhook.streamID]).map(Self.stream(from:)),
              let dataset = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE id = ?",
                                             arguments: [stream.datasetID]).map(Self.dataset(from:))
        else { return }
        let subject = NotificationEvent.WebhookSubject(
            webhookID: webhook.id, datasetOwner: dataset.owner, datasetName: dataset.name, streamName: stream.name,
            url: webhook.url, failingSince: webhook.failingSince ?? attempt.at,
            failedAttempts: webhook.failedAttempts + 1)
        let attempts = subject.failedAttempts == 1 ? "1 attempt" : "\(subject.failedAttempts) attempts"
        let text = "the webhook target of stream \(subject.streamPath) (\(subject.url)) failed every delivery since "
            + "\(JSONCoding.format(subject.failingSince)) (\(attempts)) and is disabled. The stream's results wait "
            + "for it: nothing is lost or skipped. Fix the receiver (the last error is below), then re-enable the "
            + "target with POST \(subject.enablePath); delivery resumes where it stopped."
        let event = NotificationEvent(
            id: newID(), kind: .webhookDisabled, integrationID: nil, integrationOwner: nil, integrationName: nil,
            webhook: subject, text: text, detail: attempt.error.map { String($0.prefix(2_000)) },
            createdAt: attempt.at)
        try recordNotification(event, db)
    }

    public func skipFilteredWebhookBatch(webhookID: String, from: StreamPosition, to: StreamPosition) async throws {
        try await database.write { db in
            guard let streamID = try String.fetchOne(db, sql: "SELECT stream_id FROM webhook WHERE id = ?",
                                                     arguments: [webhookID]) else { return }
            try Self.moveStream(db, streamID: streamID, from: from, to: to)
        }
    }

    public func webhookDeliveries(webhookID: String, limit: Int) async throws -> [WebhookDeliveryAttempt] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_delivery WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?",
                             arguments: [webhookID, limit]).map { row in
                WebhookDeliveryAttempt(deliveryID: row["delivery_id"], at: Self.date(row["at"]), status: row["status"],
                                       latency: .milliseconds(row["latency_ms"] as Double), attempt: row["attempt"],
                                       resultCount: row["result_count"], error: row["error"])
            }
        }
    }

    /// Compare-and-set: a stream reset (or re-created) since the batch was taken keeps its new position.
    private static func moveStream(_ db: Database, streamID: String, from: StreamPosition, to: StreamPosition)
        throws {
        guard try streamPosition(db, streamID: streamID) == from else { return }
        try db.execute(sql: "UPDATE stream SET position = ?, updated_at = ? WHERE id = ?",
                       arguments: [to.token, time(now()), streamID])
    }

    private static func streamPosition(_ db: Database, streamID: String) throws -> StreamPosition? {
        try String.fetchOne(db, sql: "SELECT position FROM stream WHERE id = ?", arguments: [streamID])
            .map { StreamPosition(token: $0) ?? StreamPosition() }
    }

    private static func log(_ db: Database, webhookID: String, _ attempt: WebhookDeliveryAttempt) throws {
        let milliseconds = Double(attempt.latency.components.seconds) * 1_000
            + Double(attempt.latency.components.attoseconds) / 1e15
        try db.execute(
            sql: """
                INSERT INTO webhook_delivery (webhook_id, delivery_id, at, status, latency_ms, attempt, result_count,
                                              error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [webhookID, attempt.deliveryID, time(attempt.at), attempt.status, milliseconds,
                        attempt.attempt, attempt.resultCount, attempt.error])
        // Bounded: the oldest attempts beyond the log's length go.
        try db.execute(sql: """
            DELETE FROM webhook_delivery WHERE webhook_id = ? AND seq <= (
                SELECT seq FROM webhook_delivery WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)
            """, arguments: [webhookID, webhookID, webhookLogLength])
    }

    static func webhook(from row: Row) -> StreamWebhook {
        var pending: PendingWebhookDelivery?
        if let id: String = row["pending_id"] {
            pending = PendingWebhookDelivery(
                id: id, from: StreamPosition(token: row["pending_from"]) ?? StreamPosition(),
                to: StreamPosition(token: row["pending_to"]) ?? StreamPosition(), body: row["pending_body"] ?? Data(),
                resultCount: row["pending_count"] ?? 0, oldestResultAt: (row["pending_oldest"] as Double?).map(date),
                createdAt: date(row["pending_created_at"] ?? 0))
        }
        return StreamWebhook(
            id: row["id"], streamID: row["stream_id"], url: row["url"], batchSize: row["batch_size"],
            enabled: row["enabled"], disabledReason: row["disabled_reason"],
            disabledAt: (row["disabled_at"] as Double?).map(date), createdAt: date(row["created_at"]),
            failingSince: (row["failing_since"] as Double?).map(date), failedAttempts: row["failed_attempts"],
            nextAttemptAt: (row["next_attempt_at"] as Double?).map(date), pending: pending)
    }
}
