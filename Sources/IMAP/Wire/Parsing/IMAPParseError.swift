/// Input the response parser cannot accept. The connection it came from is no longer in a known state: drop it.
///
/// The description is short and fixed (usable as a metric label); ``debugDescription`` adds where parsing stopped
/// but never the server's bytes, which may hold mail content.
public struct IMAPParseError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Code: Hashable, Sendable {
        case lineTooLong
        case literalTooLarge
        case malformedLiteral
        case malformedResponse
        case numberOutOfRange
        case invalidDate
    }

    private let code: Code
    /// What the parser expected at the failing position, a fixed phrase such as `"number"`.
    public let expected: String
    /// Offset of the failing byte within the response being parsed.
    public let offset: Int

    private init(_ code: Code, expected: String = "", offset: Int = 0) {
        self.code = code
        self.expected = expected
        self.offset = offset
    }

    /// A line (outside literals) was longer than ``IMAPResponseParser/Configuration/maximumLineLength``.
    public static let lineTooLong = IMAPParseError(.lineTooLong)
    /// A literal announced more bytes than ``IMAPResponseParser/Configuration/maximumLiteralSize``.
    public static let literalTooLarge = IMAPParseError(.literalTooLarge)
    /// A `{n}` literal marker that is not followed by CRLF or has no valid length.
    public static let malformedLiteral = IMAPParseError(.malformedLiteral)
    /// Bytes that do not follow the response grammar of RFC 3501 §9 / RFC 9051 §9.
    public static let malformedResponse = IMAPParseError(.malformedResponse)
    /// A number too large for its field (32 bits for UIDs and counts, 63 bits for mod-sequences).
    public static let numberOutOfRange = IMAPParseError(.numberOutOfRange)
    /// An INTERNALDATE that is not a valid `date-time` (RFC 3501 §9).
    public static let invalidDate = IMAPParseError(.invalidDate)

    static func malformed(_ expected: String, at offset: Int) -> IMAPParseError {
        IMAPParseError(.malformedResponse, expected: expected, offset: offset)
    }

    static func outOfRange(at offset: Int) -> IMAPParseError {
        IMAPParseError(.numberOutOfRange, expected: "smaller number", offset: offset)
    }

    static func badLiteral(at offset: Int) -> IMAPParseError {
        IMAPParseError(.malformedLiteral, expected: "literal", offset: offset)
    }

    static func badDate(at offset: Int) -> IMAPParseError {
        IMAPParseError(.invalidDate, expected: "date-time", offset: offset)
    }

    /// Errors compare by kind only, so `error == .malformedResponse` holds whatever the position.
    public static func == (lhs: IMAPParseError, rhs: IMAPParseError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }

    public var description: String {
        switch code {
        case .lineTooLong: "IMAP line too long"
        case .literalTooLarge: "IMAP literal too large"
        case .malformedLiteral: "malformed IMAP literal"
        case .malformedResponse: "malformed IMAP response"
        case .numberOutOfRange: "IMAP number out of range"
        case .invalidDate: "invalid IMAP date"
        }
    }

    public var debugDescription: String {
        expected.isEmpty ? description : "\(description): expected \(expected) at byte \(offset)"
    }
}
