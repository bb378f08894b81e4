import Foundation
import Hummingbird
import Logging
import Store

/// Builds the HTTP application: routes over the store, bound to a host and port.
public enum MailstreamApplication {
    public static func router(dataFolder: DataFolder) -> Router<BasicRequestContext> {
        let router = Router()
        HealthRoutes.add(to: router, dataFolder: dataFolder)
        return router
    }

    public static func make(
        dataFolder: DataFolder, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router(dataFolder: dataFolder),
            configuration: .init(address: .hostname(host, port: port), serverName: "mailstream"),
            logger: logger
        )
    }
}
