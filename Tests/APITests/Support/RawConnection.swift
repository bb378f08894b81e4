import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to the server under test, byte by byte: what slow, huge and vanishing clients do can't be
/// done through an HTTP client library. Non-blocking; waits are polls with short sleeps.
final class RawConnection {
    private let descriptor: Int32
    private(set) var isClosed = false
    /// Everything read so far.
    private(set) var received: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure(description: "connect: errno \(code)")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    /// Sends all of `bytes`, waiting while the socket's buffer is full; false when the peer has closed.
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                try? await Task.sleep(for: .milliseconds(5))
            } else {
                return false
            }
        }
        return true
    }

    @discardableResult
    func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    /// Reads what is there without waiting; true when the peer has closed (end of stream or reset).
    func peerClosed() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += chunk[0..<count]
            } else if count == 0 {
                return true
            } else {
                return !(errno == EAGAIN || errno == EWOULDBLOCK)
            }
        }
    }

    /// Waits until the peer closes; false if it is still open after `limit`.
    func waitForClose(within limit: Duration) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if peerClosed() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return peerClosed()
    }

    /// Waits for one whole response (head, and a body of its `Content-Length`); nil if none came within `limit`.
    func response(within limit: Duration) async -> RawResponse? {
        let end = ContinuousClock.now + limit
        while true {
            let closed = peerClosed()
            if let response = RawResponse(parsing: received) {
                received.removeFirst(response.length)
                return response
            }
            if closed || ContinuousClock.now >= end { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A response read off a `RawConnection`.
struct RawResponse {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]
    /// Bytes it took on the wire.
    let length: Int

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    init?(parsing bytes: [UInt8]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        let bodyStart = headEnd + separator.count
        let bodyLength = headers["content-length"].flatMap { Int($0) } ?? 0
        guard bytes.count >= bodyStart + bodyLength else { return nil }
        self.status = status
        self.headers = headers
        body = Array(bytes[bodyStart..<(bodyStart + bodyLength)])
        length = bodyStart + bodyLength
    }
}
