import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// The API's answer to a request the HTTP decoder rejected: the JSON error envelope with 431 (headers too large),
/// 414 (URI too long) or 400, instead of the empty 400 Hummingbird writes before closing the connection.
struct HTTPParseErrorAnswer: Equatable {
    let status: HTTPResponse.Status
    let message: String

    /// The decoder's limit for one field (the URI is one) and for the whole head (Hummingbird's defaults).
    static let headLimit = 80 * 1_024

    /// `requestLineBytes`: how long the request line was (so far) when the decoder stopped; an overflow with a line
    /// beyond the limit is the URI's.
    init(_ error: HTTPParserError, requestLineBytes: Int) {
        switch error {
        case .headerOverflow where requestLineBytes > Self.headLimit:
            status = .uriTooLong
            message = "the request URI is too long (at most 80 KiB)"
        case .headerOverflow:
            status = .requestHeaderFieldsTooLarge
            message = "the request headers are too large (at most 80 KiB in all)"
        case .invalidEOFState:
            status = .badRequest
            message = "the connection ended in the middle of a request"
        default:
            status = .badRequest
            message = "the request is not valid HTTP/1.1 (\(error))"
        }
    }

    /// Hummingbird's own answer to a parse error: 400, no body, `Connection: close`. The API never sends one.
    static func isHummingbirds(_ head: HTTPResponse) -> Bool {
        head.status == .badRequest && head.headerFields[.contentLength] == "0"
            && head.headerFields[.connection] == "close"
    }

    func head(contentLength: Int) -> HTTPResponse {
        HTTPResponse(status: status, headerFields: [.contentType: "application/json", .connection: "close",
                                                    .contentLength: String(contentLength)])
    }

    func body(allocator: ByteBufferAllocator) -> ByteBuffer {
        let data = (try? JSONCoding.encoder().encode(["status": "error", "message": message])) ?? Data()
        return allocator.buffer(bytes: data)
    }
}
