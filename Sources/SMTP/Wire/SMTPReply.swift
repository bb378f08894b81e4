/// A server reply (RFC 5321 §4.2): a three-digit code and one or more lines of text; continuation lines have `-`
/// after the code, the last a space (or nothing).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4yz: try again later (§4.2.1).
    public var isTransientFailure: Bool { (400..<500).contains(code) }

    /// The code and the text, on one line, cut to a length fit for logs and error records.
    public var description: String { String("\(code) \(lines.joined(separator: " / "))".prefix(500)) }
}

/// Reads replies from the bytes a server sends, one line at a time, with bounds: a line longer than
/// ``maximumLineLength`` or a reply of more than ``maximumLines`` lines is an error rather than memory spent.
/// RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; servers send longer EHLO lines in practice, hence 4 096.
public struct SMTPReplyParser: Sendable {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static let maximumLineLength = 4_096
    public static let maximumLines = 200

    private var buffer: [UInt8] = []
    private var pending: [String] = []
    private var pendingCode: Int?

    public init() {}

    /// Adds received bytes.
    /// - Throws: ``ParseError`` when a line is longer than allowed.
    public mutating func append(_ bytes: some Sequence<UInt8>) throws(ParseError) {
        buffer.append(contentsOf: bytes)
        if buffer.count > Self.maximumLineLength * 2, !buffer.contains(UInt8(ascii: "\n")) {
            throw ParseError(description: "a reply line is longer than \(Self.maximumLineLength) bytes")
        }
    }

    /// The next complete reply, or nil when more bytes are needed.
    /// - Throws: ``ParseError`` for a line that isn't a reply line, a code that changes within a reply, or a reply
    ///   too long.
    public mutating func next() throws(ParseError) -> SMTPReply? {
        while let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[..<end])
            buffer.removeSubrange(...end)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.count <= Self.maximumLineLength else {
                throw ParseError(description: "a reply line is longer than \(Self.maximumLineLength) bytes")
            }
            guard line.count >= 3, line[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
                  line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-") else {
                throw ParseError(description: "not an SMTP reply line: \(Self.printable(line))")
            }
            let code = Int(String(decoding: line[0..<3], as: UTF8.self)) ?? 0
            if let pendingCode, pendingCode != code {
                throw ParseError(description: "reply code changed within a reply (\(pendingCode), then \(code))")
            }
            let text = line.count > 4 ? Self.printable(Array(line[4...])) : ""
            pending.append(text)
            guard pending.count <= Self.maximumLines else {
                throw ParseError(description: "a reply of more than \(Self.maximumLines) lines")
            }
            if line.count > 3, line[3] == UInt8(ascii: "-") {
                pendingCode = code
                continue
            }
            let reply = SMTPReply(code: code, lines: pending)
            pending = []
            pendingCode = nil
            return reply
        }
        if buffer.count > Self.maximumLineLength {
            throw ParseError(description: "a reply line is longer than \(Self.maximumLineLength) bytes")
        }
        return nil
    }

    /// The bytes as text with anything unprintable replaced, for messages.
    static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(300).map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
