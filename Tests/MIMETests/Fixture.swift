@testable import MIME

/// Builds message bytes from lines joined with CRLF, so fixtures read like the mail they stand for.
func message(_ lines: String...) -> [UInt8] {
    Array(lines.joined(separator: "\r\n").utf8)
}

func parse(_ lines: String...) -> MIMEMessage {
    MIMEParser().parse(Array(lines.joined(separator: "\r\n").utf8))
}
