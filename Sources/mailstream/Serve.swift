import API
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import MicrosoftGraph
import Notify
import Prometheus
import ServiceLifecycle
import SQLiteStore
import Store
import Sync
import UnixSignals
import Webhooks

/// `mailstream serve`: the HTTP API and the sync engine, as services of one group with graceful shutdown.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API and keep every enabled mailbox in sync."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: ArgumentHelp(
        "The public https URL Microsoft Graph posts change notifications to, reaching this server's POST "
            + "/graph/notifications (through a reverse proxy). Graph mailboxes then subscribe and new mail shows "
            + "without waiting for the poll; without it they are polled, outbound only."))
    var graphNotificationURL: String?

    @OptionGroup(title: "Server limits") var limits: ServerLimitOptions
    @OptionGroup var retry: RetryOptions
    @OptionGroup(title: "Notifications") var notifications: NotificationOptions

    func run() async throws {
        let graphNotifications: GraphNotificationHub?
        do {
            graphNotifications = try graphNotificationURL.map { GraphNotificationHub(settings: try .init(url: $0)) }
        } catch {
            throw ValidationError("--graph-notification-url: \(error)")
        }
        let runtime = try await Runtime(options, network: network, graphNotifications: graphNotifications)
        let notificationSettings = try notifications.settings(file: runtime.notifications,
                                                              environment: ProcessInfo.processInfo.environment)
        runtime.logger.info("data folder ready", metadata: ["mailstream.data": "\(runtime.dataFolder.url.path)"])
        let tokenFile = runtime.dataFolder.url.appendingPathComponent("admin-token")
        if let written = try await TokenSecrets.bootstrap(store: runtime.store, file: tokenFile) {
            runtime.logger.notice("first run: created the admin API token; its secret is in a file readable only by you",
                                  metadata: ["file": "\(written.path)"])
        }
        let registry = PrometheusCollectorRegistry()
        let metricsFactory = PrometheusMetricsFactory(registry: registry)
        MetricsSystem.bootstrap(metricsFactory)
        let sessions = SessionPolicy.serving(host: host)
        runtime.logger.info("sign-in sessions: \(sessions.secureCookie ? "Secure cookie (serve behind TLS)" : "plain http on loopback")")
        // Stream and notification webhooks go out under one policy, checked when a target is set and at every
        // connection.
        let webhookPolicy = WebhookTargetPolicy.forWebhooks(runtime.outboundPolicy, host: host, port: port)
        let app = MailstreamApplication.make(store: runtime.store,
                                             connectors: runtime.connectors, sources: runtime.connectors,
                                             metrics: registry, host: host,
                                             port: port, limits: try limits.limits(), sessions: sessions,
                                             notifications: graphNotifications,
                                             webhookTargets: WebhookTargetPolicy(policy: webhookPolicy),
                                             logger: runtime.logger)
        let engine = SyncEngine(store: runtime.store, factory: runtime.connectors,
                                configuration: retry.engineConfiguration, logger: runtime.logger,
                                metrics: SyncMetrics(factory: metricsFactory))
        let webhooks = try await StreamWebhooks.deliverer(runtime: runtime, policy: webhookPolicy,
                                                          metrics: metricsFactory)
        // In-app, email when a relay is configured, and each user's webhook target when the user set one.
        var channels = try NotificationOptions.channels(notificationSettings, policy: runtime.outboundPolicy,
                                                        logger: runtime.logger)
        channels.append(NotificationWebhookChannel(store: runtime.store,
                                                   sender: try await WebhookHTTPSender(policy: webhookPolicy)))
        let dispatcher = NotificationDispatcher(
            store: runtime.store,
            channels: channels,
            logger: runtime.logger, metrics: NotificationMetrics(factory: metricsFactory))
        // SIGTERM or SIGINT stops the engine first (every mailbox at once: IDLE ended with DONE, the page being
        // written committed with its cursor, LOGOUT), then the API, whose requests in flight get a second to finish.
        // Whatever has not stopped after the backstop is cancelled.
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: ShutdownGrace(service: app, grace: .seconds(1))), .init(service: engine),
                       .init(service: webhooks), .init(service: dispatcher)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: runtime.logger
        )
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
        runtime.logger.info("stopped")
    }
}
