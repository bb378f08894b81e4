import API
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

extension APIHarness {
    /// As ``run(_:)``, but over HTTP: the application `mailstream serve` runs (``MailstreamApplication/make``, with
    /// its server channel, limits and body budget) listens on a free port of localhost, and each call is a real
    /// request, its path sent byte for byte as given (`ops%2Fmail` stays encoded until the server decodes it).
    func runLive(_ body: @Sendable (Client) async throws -> Void) async throws {
        let logger = Logger(label: "mailstream-test") { _ in SwiftLogNoOpLogHandler() }
        let app = MailstreamApplication.make(store: store, connectors: APIHarness.connectors,
                                             metrics: PrometheusCollectorRegistry(),
                                             host: "127.0.0.1", port: 0, sessions: Self.sessions, logger: logger)
        try await app.test(.live) { client in
            try #require(client.port != nil, "the client talks to a listening server")
            try await body(Client(client: client, admin: adminSecret))
        }
    }
}
