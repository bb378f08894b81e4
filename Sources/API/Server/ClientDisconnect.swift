import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Errors that mean the client went away before its request was read or answered: not the server's fault, so not
/// a 500 and nothing to log as an error.
enum ClientDisconnect {
    /// The body ended before its `Content-Length`.
    struct BodyCutShort: Error {}

    static func explains(_ error: any Error) -> Bool {
        switch error {
        case is BodyCutShort: true
        // The decoder met the end of the stream inside a request: the client closed (or half-closed) mid-body.
        case HTTPParserError.invalidEOFState: true
        case ChannelError.ioOnClosedChannel, ChannelError.eof, ChannelError.alreadyClosed,
             ChannelError.inputClosed, ChannelError.outputClosed: true
        case let error as IOError: [ECONNRESET, EPIPE, ECONNABORTED, ETIMEDOUT].contains(error.errnoCode)
        default: false
        }
    }

    /// True when the client closed the connection, or its sending side, while its request was being handled.
    /// (A client that half-closes on purpose after its request, rare with HTTP/1.1, counts as gone too, as it does
    /// for nginx; it still gets its answer.)
    static func hasLeft(_ channel: any Channel) async -> Bool {
        guard channel.isActive else { return true }
        let inputClosed = channel.eventLoop.submit {
            (try? channel.pipeline.syncOperations.handler(type: RawBytesWatch.self))?.inputClosed ?? false
        }
        return (try? await inputClosed.get()) ?? false
    }
}

extension HTTPResponse.Status {
    /// nginx's code for a request whose client closed the connection before the answer; never sent, only counted.
    static var clientClosedRequest: Self { .init(code: 499, reasonPhrase: "Client Closed Request") }
}
