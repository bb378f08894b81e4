import Foundation

/// The commands the client sends (RFC 5321 §4.1.1, RFC 3207 STARTTLS, RFC 4954 AUTH), encoded as bytes.
public enum SMTPCommand: Sendable, Equatable {
    case ehlo(String)
    case helo(String)
    case startTLS
    /// AUTH PLAIN with the initial response (RFC 4616): base64 of "\0user\0password".
    case authPlain(username: String, password: String)
    /// AUTH LOGIN: the command, then the username and password as separate base64 lines.
    case authLogin
    case base64Line(String)
    case mailFrom(String)
    case rcptTo(String)
    case data
    case quit

    public var bytes: [UInt8] {
        let line: String = switch self {
        case .ehlo(let name): "EHLO \(name)"
        case .helo(let name): "HELO \(name)"
        case .startTLS: "STARTTLS"
        case .authPlain(let username, let password):
            "AUTH PLAIN " + Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
        case .authLogin: "AUTH LOGIN"
        case .base64Line(let text): Data(text.utf8).base64EncodedString()
        case .mailFrom(let address): "MAIL FROM:<\(address)>"
        case .rcptTo(let address): "RCPT TO:<\(address)>"
        case .data: "DATA"
        case .quit: "QUIT"
        }
        return Array((line + "\r\n").utf8)
    }

    /// True for commands that carry a secret: never logged or put in an error.
    public var isSecret: Bool {
        switch self {
        case .authPlain, .base64Line: true
        default: false
        }
    }

    /// The command's name for messages ("MAIL FROM", "AUTH PLAIN").
    public var name: String {
        switch self {
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS: "STARTTLS"
        case .authPlain: "AUTH PLAIN"
        case .authLogin: "AUTH LOGIN"
        case .base64Line: "AUTH LOGIN (credentials)"
        case .mailFrom: "MAIL FROM"
        case .rcptTo: "RCPT TO"
        case .data: "DATA"
        case .quit: "QUIT"
        }
    }

    /// True when `address` can go between the angle brackets of MAIL FROM or RCPT TO as it is: no controls,
    /// spaces or brackets that would end the command or the path early.
    public static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.utf8.count <= 254 && address.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F }
            && !address.contains("<") && !address.contains(">") && address.contains("@")
    }
}

/// The message as the DATA phase sends it (RFC 5321 §4.5.2): CRLF line ends, a leading "." doubled, without the
/// terminating "." line (sent apart, at the commit point).
public enum SMTPData {
    public static func encode(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        return out
    }

    /// "." on a line of its own: the end of data.
    public static let terminator: [UInt8] = Array(".\r\n".utf8)
}
