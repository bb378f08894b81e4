/// Line helpers shared by the quote and signature splitters.
///
/// Both work line by line on plain text that may still carry CRLF or CR line endings, and both need the same
/// idea of a blank line and of a line quoted with `>`.
enum TextLines {
    /// Splits on LF, CRLF and CR, keeping empty lines.
    static func split(_ text: String) -> [Substring] {
        // "\r\n" is one Character, so it has to be named explicitly.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    /// Joins lines with LF and drops trailing whitespace and blank lines.
    static func join(_ lines: ArraySlice<Substring>) -> String {
        trimmingTrailingWhitespace(lines.joined(separator: "\n"))
    }

    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard text[before].isWhitespace else { break }
            end = before
        }
        return String(text[..<end])
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy(\.isWhitespace)
    }

    /// Whether the line is part of a `>` quote, allowing indentation before the marker.
    static func isQuoted(_ line: Substring) -> Bool {
        line.first(where: { !$0.isWhitespace }) == ">"
    }

    /// The line without leading whitespace and `>` quote markers.
    static func unquoted(_ line: Substring) -> Substring {
        line.drop(while: { $0.isWhitespace || $0 == ">" })
    }

    /// The line without surrounding whitespace.
    static func trimmed(_ line: Substring) -> Substring {
        let start = line.drop(while: \.isWhitespace)
        var end = start.endIndex
        while end > start.startIndex {
            let before = start.index(before: end)
            guard start[before].isWhitespace else { break }
            end = before
        }
        return start[..<end]
    }
}
