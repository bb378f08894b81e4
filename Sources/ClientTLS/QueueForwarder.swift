import Domain
import NIOCore

/// Hands everything a channel reads to an ``AsyncQueue`` that one task at a time reads from; a closed channel ends
/// the queue, and a failed one ends it with the error ``ClientTLS/connectionError(_:)`` classifies. The IMAP
/// transport forwards byte buffers, the EWS connection HTTP response parts.
public final class QueueForwarder<Part: Sendable>: ChannelInboundHandler, Sendable {
    public typealias InboundIn = Part

    let queue: AsyncQueue<Part>

    public init(queue: AsyncQueue<Part>) {
        self.queue = queue
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        queue.push(unwrapInboundIn(data))
    }

    public func channelInactive(context: ChannelHandlerContext) {
        queue.finish(nil)
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        queue.finish(ClientTLS.connectionError(error))
        context.close(promise: nil)
    }
}
