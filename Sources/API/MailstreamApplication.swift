import Domain
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import Store

/// Builds the HTTP application: routes over the store, bound to a host and port.
public enum MailstreamApplication {
    /// - Parameters:
    ///   - connectors: the integration kinds this process knows: they read and show integrations' connections.
    ///   - sources: what a connection check connects with (the connectors, in `serve`); nil: checks answer 503.
    ///   - sessions: how sign-in sessions behave; by default as for plain http on loopback.
    ///   - notifications: where Graph's change notifications go (`POST /graph/notifications`); nil: no such route.
    ///   - webhookTargets: where webhook targets (streams', notifications') may point, checked when they are set;
    ///     nil: the URL rule (``WebhookURL``) only.
    public static func router(store: any Store, connectors: ConnectorRegistry = ConnectorRegistry([]),
                              sources: (any MailSourceFactory)? = nil,
                              metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                              sessions: SessionPolicy = SessionPolicy(secureCookie: false),
                              notifications: (any ChangeNotificationReceiver)? = nil,
                              webhookTargets: (any WebhookTargetCheck)? = nil)
        -> Router<APIContext> {
        router(store: store, connectors: connectors, sources: sources, metrics: metrics, sessions: sessions,
               notifications: notifications, webhookTargets: webhookTargets, server: nil)
    }

    /// - Parameter server: what a live server shares with its requests (body budget, memory trimmer, connection
    ///   states); nil in tests that call the router directly.
    static func router(store: any Store, connectors: ConnectorRegistry, sources: (any MailSourceFactory)?,
                       metrics: PrometheusCollectorRegistry, sessions: SessionPolicy,
                       notifications: (any ChangeNotificationReceiver)? = nil,
                       webhookTargets: (any WebhookTargetCheck)? = nil,
                       server: ServerState?) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: ResponseMiddleware(metrics: HTTPMetrics(registry: metrics), server: server))
        router.add(middleware: AuthMiddleware(store: store, sessions: sessions))
        let passwords = PasswordWork()
        HealthRoutes.add(to: router, store: store)
        TokenRoutes(store: store).add(to: router)
        CatalogueRoutes(store: store).add(to: router)
        BucketEmailRoutes(store: store).add(to: router)
        CommentRoutes(store: store).add(to: router)
        SourceStatisticsRoutes(store: store).add(to: router)
        StreamRoutes(store: store).add(to: router)
        StreamWebhookRoutes(store: store, targets: webhookTargets).add(to: router)
        IntegrationRoutes(store: store, connectors: connectors, sources: sources).add(to: router)
        QuotaRoutes(store: store).add(to: router)
        UserRoutes(store: store, passwords: passwords, sessions: sessions).add(to: router)
        NotificationRoutes(store: store).add(to: router)
        NotificationWebhookRoutes(store: store, targets: webhookTargets).add(to: router)
        SessionRoutes(store: store, policy: sessions, throttle: LoginThrottle(store: store), passwords: passwords)
            .add(to: router)
        MetricsRoutes(store: store, registry: metrics).add(to: router)
        OpenAPIRoutes().add(to: router)
        if let notifications { ChangeNotificationRoutes(receiver: notifications).add(to: router) }
        return router
    }

    /// The router behind the API's path handling (``APIResponderBuilder``): what `Application` serves.
    public static func responder(store: any Store, connectors: ConnectorRegistry = ConnectorRegistry([]),
                                 sources: (any MailSourceFactory)? = nil,
                                 metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                                 sessions: SessionPolicy = SessionPolicy(secureCookie: false),
                                 notifications: (any ChangeNotificationReceiver)? = nil,
                                 webhookTargets: (any WebhookTargetCheck)? = nil)
        -> APIResponderBuilder {
        APIResponderBuilder(router: router(store: store, connectors: connectors, sources: sources, metrics: metrics,
                                           sessions: sessions, notifications: notifications,
                                           webhookTargets: webhookTargets, server: nil))
    }

    /// The application on `host:port` with the connection limits (timeouts, body rate, connection count, body
    /// memory) of `limits`; `onListening` gets the port once the server listens (useful with port 0). Sessions
    /// follow `sessions`, by default ``SessionPolicy/serving(host:)``.
    public static func make(
        store: any Store, connectors: ConnectorRegistry, sources: (any MailSourceFactory)? = nil,
        metrics: PrometheusCollectorRegistry, host: String, port: Int, limits: ServerLimits = .default,
        sessions: SessionPolicy? = nil, notifications: (any ChangeNotificationReceiver)? = nil,
        webhookTargets: (any WebhookTargetCheck)? = nil, logger: Logger,
        onListening: (@Sendable (Int) async -> Void)? = nil
    ) -> some ApplicationProtocol {
        let trimmer = IdleMemoryTrimmer(logger: logger)
        let server = ServerState(
            bodyBudget: limits.maximumBodyMemory > 0 ? BodyBudget(limit: limits.maximumBodyMemory) : nil,
            memoryTrimmer: trimmer
        )
        let connections = limits.maximumConnections > 0
            ? MaximumAvailableConnections(limits.maximumConnections, logger: logger) : nil
        return Application(
            router: APIResponderBuilder(router: router(store: store, connectors: connectors, sources: sources,
                                                       metrics: metrics,
                                                       sessions: sessions ?? .serving(host: host),
                                                       notifications: notifications,
                                                       webhookTargets: webhookTargets, server: server)),
            server: .guardedHTTP1(limits: limits, metrics: HTTPMetrics(registry: metrics),
                                  connections: server.connections),
            configuration: .init(address: .hostname(host, port: port), serverName: "mailstream",
                                 availableConnectionsDelegate: connections),
            services: [trimmer],
            onServerRunning: { channel in await onListening?(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
