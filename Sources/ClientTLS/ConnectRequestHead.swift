/// The head of an HTTP `CONNECT` request (RFC 9110 §9.3.6), as an HTTP client asks a proxy for a tunnel:
/// `CONNECT host:port HTTP/1.1`, headers, an empty line. Pure: reads bytes, no I/O.
public struct ConnectRequestHead: Sendable, Equatable {
    /// The host to reach, without IPv6 brackets.
    public var host: String
    public var port: Int
    /// `Proxy-Authorization`, when sent.
    public var proxyAuthorization: String?

    /// The most a head may take: a CONNECT has no business being larger.
    public static let maximumLength = 8 * 1024

    public enum ParseResult: Sendable, Equatable {
        /// The empty line that ends the head has not come yet.
        case incomplete
        /// The head, and how many bytes it took (anything after them belongs to the tunnel).
        case complete(ConnectRequestHead, consumed: Int)
        case invalid(String)
    }

    public init(host: String, port: Int, proxyAuthorization: String? = nil) {
        self.host = host
        self.port = port
        self.proxyAuthorization = proxyAuthorization
    }

    /// Reads a head from the start of `bytes`.
    public static func parse(_ bytes: [UInt8]) -> ParseResult {
        guard let end = headEnd(bytes) else {
            return bytes.count > maximumLength ? .invalid("the request head is too long") : .incomplete
        }
        guard end <= maximumLength else { return .invalid("the request head is too long") }
        guard let text = String(validating: bytes[..<end], as: UTF8.self) else {
            return .invalid("the request head is not UTF-8")
        }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[0] == "CONNECT", requestLine[2].hasPrefix("HTTP/1.") else {
            return .invalid("only CONNECT is served")
        }
        guard let (host, port) = authority(String(requestLine[1])) else {
            return .invalid("the CONNECT target is not host:port")
        }
        var authorization: String?
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .invalid("a header line has no colon") }
            if line[..<colon].lowercased() == "proxy-authorization" {
                authorization = line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])
            }
        }
        return .complete(ConnectRequestHead(host: host, port: port, proxyAuthorization: authorization),
                         consumed: end + 4)
    }

    /// Where `\r\n\r\n` starts.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// `host:port`, `[v6]:port`, or a bare IPv6 address followed by `:port`.
    static func authority(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else { return nil }
        return (host, port)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(self).trimmingCharacters(in: set)
    }
}
