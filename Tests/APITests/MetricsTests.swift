import API
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import SQLiteStore
import Store
import Testing

/// `/metrics` answers without a token in the Prometheus text format, with request durations by route template
/// and mailboxes by state.
@Suite struct MetricsTests {
    @Test func metricsShowRequestDurationsAndMailboxStates() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let registry = PrometheusCollectorRegistry()
        let app = Application(router: MailstreamApplication.responder(store: harness.store,
                                                                   connectors: APIHarness.connectors,
                                                                   metrics: registry))
        try await app.test(.router) { raw in
            let client = APIHarness.Client(client: raw, admin: harness.adminSecret)
            try await client.call(.put, "/api/_private/integrations/ops/support", json: IntegrationRouteTests.body)
            try await client.call(.get, "/api/v1/sources/ops/one")
            try await client.call(.get, "/api/v1/sources/ops/two")
            try await client.call(.post, "/api/_private/integrations/ops/support/mailboxes/support@example.com/disable")
            // The engine disables the integration: the admin's in-app notification waits for the dispatcher.
            let integration = try #require(try await harness.store.integrations().first)
            try await harness.store.recordError(IntegrationError(
                id: "e1", integrationID: integration.id, mailboxID: nil, kind: .invalidIMAPCredentials,
                errorText: "the IMAP server refused the login", fullErrorText: "NO", action: .integrationDisabled,
                createdAt: Date()))
            let answer = try await client.call(.get, "/metrics", token: .some(nil))
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(decoding: answer.bytes, as: UTF8.self)
            #expect(text.contains(#"mailstream_mailboxes{state="disabled_user"} 1"#))
            #expect(text.contains(#"mailstream_mailboxes{state="enabled"} 0"#))
            #expect(text.contains(#"mailstream_notification_deliveries{channel="in_app",state="pending"} 1"#))
            #expect(text.contains(#"mailstream_notification_deliveries{channel="in_app",state="sent"} 0"#))
            // Both source lookups share one series (the route template), with the 404 status.
            let series = text.split(separator: "\n").filter {
                $0.hasPrefix("mailstream_http_request_duration_seconds_count")
                    && $0.contains(#"route="/api/v1/sources/{owner}/{name}""#) && $0.contains(#"status="404""#)
            }
            #expect(series.count == 1)
            #expect(series.first?.hasSuffix(" 2") == true)
        }
    }
}
