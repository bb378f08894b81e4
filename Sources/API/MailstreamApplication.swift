import Domain
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import Store

/// Builds the HTTP application: routes over the store, bound to a host and port.
public enum MailstreamApplication {
    public static func router(store: any Store, sources: (any MailSourceFactory)? = nil,
                              metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry())
        -> Router<APIContext> {
        router(store: store, sources: sources, metrics: metrics, server: nil)
    }

    /// - Parameter server: what a live server shares with its requests (body budget, memory trimmer, connection
    ///   states); nil in tests that call the router directly.
    static func router(store: any Store, sources: (any MailSourceFactory)?, metrics: PrometheusCollectorRegistry,
                       server: ServerState?) -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: ResponseMiddleware(metrics: HTTPMetrics(registry: metrics), server: server))
        router.add(middleware: AuthMiddleware(store: store))
        HealthRoutes.add(to: router, store: store)
        TokenRoutes(store: store).add(to: router)
        CatalogueRoutes(store: store).add(to: router)
        CommentRoutes(store: store).add(to: router)
        StreamRoutes(store: store).add(to: router)
        IntegrationRoutes(store: store, sources: sources).add(to: router)
        QuotaRoutes(store: store).add(to: router)
        MetricsRoutes(store: store, registry: metrics).add(to: router)
        OpenAPIRoutes().add(to: router)
        return router
    }

    /// The router behind the API's path handling (``APIResponderBuilder``): what `Application` serves.
    public static func responder(store: any Store, sources: (any MailSourceFactory)? = nil,
                                 metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry())
        -> APIResponderBuilder {
        APIResponderBuilder(router: router(store: store, sources: sources, metrics: metrics))
    }

    /// The application on `host:port` with the connection limits (timeouts, body rate, connection count, body
    /// memory) of `limits`; `onListening` gets the port once the server listens (useful with port 0).
    public static func make(
        store: any Store, sources: (any MailSourceFactory)?,
        metrics: PrometheusCollectorRegistry, host: String, port: Int, limits: ServerLimits = .default,
        logger: Logger, onListening: (@Sendable (Int) async -> Void)? = nil
    ) -> some ApplicationProtocol {
        let trimmer = IdleMemoryTrimmer(logger: logger)
        let server = ServerState(
            bodyBudget: limits.maximumBodyMemory > 0 ? BodyBudget(limit: limits.maximumBodyMemory) : nil,
            memoryTrimmer: trimmer
        )
        let connections = limits.maximumConnections > 0
            ? MaximumAvailableConnections(limits.maximumConnections, logger: logger) : nil
        return Application(
            router: APIResponderBuilder(router: router(store: store, sources: sources, metrics: metrics,
                                                       server: server)),
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
