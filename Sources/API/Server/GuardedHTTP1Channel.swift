import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with a `ConnectionGuard` per connection: header, body-rate and idle timeouts, and
/// JSON answers to requests the decoder rejects. The request handling itself is Hummingbird's.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let limits: ServerLimits
    let metrics: HTTPMetrics?
    let connections: OpenConnections

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ServerLimits, metrics: HTTPMetrics?,
         connections: OpenConnections) {
        // Hummingbird's own idle timeout stays off: the guard's rules replace it.
        http1 = HTTP1Channel(responder: responder, configuration: .init())
        self.limits = limits
        self.metrics = metrics
        self.connections = connections
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = limits
        let metrics = metrics
        let connections = connections
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let watch = ConnectionGuard(limits: limits, logger: logger, metrics: metrics)
            let pipeline = channel.pipeline.syncOperations
            connections.opened(channel)
            try pipeline.addHandler(RawBytesWatch(watch, connections: connections), position: .first)
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(HTTPPartsWatch(watch), position: .before(state))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the API's connection limits.
    static func guardedHTTP1(limits: ServerLimits, metrics: HTTPMetrics?,
                             connections: OpenConnections) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(responder: responder, limits: limits, metrics: metrics, connections: connections)
        }
    }
}
