import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// One connection's watch: carries out `ConnectionDeadlines`' actions (a timer, closing the channel) and remembers
/// the HTTP parse error that ends the connection, so that its answer can be the API's JSON. Lives on the channel's
/// event loop, shared by the two handlers that feed it.
final class ConnectionGuard {
    private var deadlines: ConnectionDeadlines
    private let logger: Logger
    private let metrics: HTTPMetrics?
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// The answer for the parse error the decoder hit, once it has.
    private(set) var parseErrorAnswer: HTTPParseErrorAnswer?

    init(limits: ServerLimits, logger: Logger, metrics: HTTPMetrics?) {
        deadlines = ConnectionDeadlines(limits: limits)
        self.logger = logger
        self.metrics = metrics
    }

    func start(context: ChannelHandlerContext) {
        guard self.context == nil else { return }
        self.context = context
        carryOut(deadlines.opened(now: .now()))
    }

    func stop() {
        timer?.cancel()
        timer = nil
        context = nil
    }

    func bytesArrived(_ buffer: ByteBuffer) {
        carryOut(deadlines.bytesArrived(buffer.readableBytes, now: .now()))
        deadlines.measureRequestLine(buffer.readableBytesView)
    }

    func readRequested() { carryOut(deadlines.readRequested(now: .now())) }
    func requestHead() { carryOut(deadlines.requestHead(now: .now())) }
    func requestEnd() { deadlines.requestEnd() }
    func responseEnd() { carryOut(deadlines.responseEnd(now: .now())) }

    func parseFailed(_ error: HTTPParserError) {
        parseErrorAnswer = HTTPParseErrorAnswer(error, requestLineBytes: deadlines.requestLineBytes)
    }

    private func carryOut(_ action: ConnectionDeadlines.Action) {
        guard let context else { return }
        switch action {
        case .none:
            break
        case .check(let deadline):
            // A timer due sooner stays: when it goes off it finds the later deadline and sets itself again.
            if let timerDeadline, timerDeadline <= deadline { return }
            timer?.cancel()
            timerDeadline = deadline
            timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) { [self] in
                timer = nil
                timerDeadline = nil
                carryOut(deadlines.timerFired(now: .now()))
            }
        case .close(let reason):
            // Debug, not info: a slowloris attack would otherwise write a line per connection it opens.
            logger.debug("closing the connection", metadata: [
                "reason": .string(reason.rawValue), "peer": .string(context.remoteAddress?.description ?? "?"),
            ])
            metrics?.connectionClosed(reason: reason.rawValue)
            stop()
            context.close(promise: nil)
        }
    }
}

/// First in the pipeline, before the HTTP decoder: sees every byte that arrives and every time the server asks
/// the socket for more.
final class RawBytesWatch: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let watch: ConnectionGuard
    private let connections: OpenConnections

    init(_ watch: ConnectionGuard, connections: OpenConnections) {
        self.watch = watch
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { watch.start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { watch.stop() }

    func channelActive(context: ChannelHandlerContext) {
        watch.start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        watch.stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        watch.bytesArrived(unwrapInboundIn(data))
        context.fireChannelRead(data)
    }

    /// The client closed its sending side (the connection allows half-closure, so it stays open for the answer).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { connections.inputClosed(on: context.channel) }
        context.fireUserInboundEventTriggered(event)
    }

    func read(context: ChannelHandlerContext) {
        watch.readRequested()
        context.read()
    }
}

/// After the HTTP decoder: sees request heads and ends, response ends and parse errors. Turns the empty 400 that
/// Hummingbird answers a parse error with into the API's JSON error with a fitting status.
final class HTTPPartsWatch: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let watch: ConnectionGuard
    /// The JSON body still to write before the end of a rewritten parse-error answer.
    private var pendingBody: ByteBuffer?

    init(_ watch: ConnectionGuard) { self.watch = watch }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: watch.requestHead()
        case .body: break
        case .end: watch.requestEnd()
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { watch.parseFailed(error) }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if let answer = watch.parseErrorAnswer, HTTPParseErrorAnswer.isHummingbirds(head) {
                let body = answer.body(allocator: context.channel.allocator)
                pendingBody = body
                context.write(wrapOutboundOut(.head(answer.head(contentLength: body.readableBytes))), promise: promise)
                return
            }
        case .body:
            break
        case .end:
            if let body = pendingBody {
                pendingBody = nil
                context.write(wrapOutboundOut(.body(body)), promise: nil)
            }
            watch.responseEnd()
        }
        context.write(data, promise: promise)
    }
}
