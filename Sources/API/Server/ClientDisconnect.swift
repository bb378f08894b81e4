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

}

extension HTTPResponse.Status {
    /// nginx's code for a request whose client closed the connection before the answer; never sent, only counted.
    static var clientClosedRequest: Self { .init(code: 499, reasonPhrase: "Client Closed Request") }
}
