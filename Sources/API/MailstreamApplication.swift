import Foundation
import Hummingbird
import Logging
import Prometheus
import Domain
import Store

/// Builds the HTTP application: routes over the store, bound to a host and port.
public enum MailstreamApplication {
    public static func router(store: any Store, sources: (any MailSourceFactory)? = nil,
                              metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry())
        -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: ResponseMiddleware(metrics: HTTPMetrics(registry: metrics)))
        router.add(middleware: AuthMiddleware(store: store))
        HealthRoutes.add(to: router, store: store)
        TokenRoutes(store: store).add(to: router)
        CatalogueRoutes(store: store).add(to: router)
        BucketEmailRoutes(store: store).add(to: router)
        CommentRoutes(store: store).add(to: router)
        SourceStatisticsRoutes(store: store).add(to: router)
        StreamRoutes(store: store).add(to: router)
        IntegrationRoutes(store: store, sources: sources).add(to: router)
        QuotaRoutes(store: store).add(to: router)
        UserRoutes(store: store).add(to: router)
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

    public static func make(
        store: any Store, sources: (any MailSourceFactory)?,
        metrics: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: responder(store: store, sources: sources, metrics: metrics),
            configuration: .init(address: .hostname(host, port: port), serverName: "mailstream"),
            logger: logger
        )
    }
}
