#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line helpers shared by the quote and signature splitters.
///
/// Both work line by line on plain text that may still carry CRLF or CR line endings, and both need the same
/// idea of a blank line and of a line quoted with `>`.
///
/// These run on every line of every email, so each one reads UTF-8 bytes while they are ASCII and only falls back
/// to `Character` (grapheme) logic when it meets a non-ASCII byte where the answer depends on it. The results are
/// the same as the `Character` versions: ASCII whitespace and `>` are always whole characters unless a combining
/// mark (non-ASCII) follows them, and a non-ASCII byte always sends the work to the slow path.
enum TextLines {
    /// Splits on LF, CRLF and CR, keeping empty lines.
    static func split(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        // A byte offset becomes an index in O(1): a native string's UTF-8 view is indexed by offset.
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        return UTF8Text.withBytes(text) { bytes in
            var lines: [Substring] = []
            // About one line per 40 bytes of mail text, so the array rarely grows.
            lines.reserveCapacity(bytes.count / 40 + 1)
            var start = 0
            var offset = 0
            // Cleaned text has no CR: then each line ends at the next LF, which memchr finds many bytes at a time.
            if let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) == nil {
                while let found = memchr(base + offset, 0x0A, bytes.count - offset) {
                    let end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                    lines.append(text[index(offset)..<index(end)])
                    offset = end + 1
                }
                lines.append(text[index(offset)..<utf8.endIndex])
                return lines
            }
            while offset < bytes.count {
                let byte = bytes[offset]
                guard byte == 0x0A || byte == 0x0D else {
                    offset += 1
                    continue
                }
                lines.append(text[index(start)..<index(offset)])
                offset += 1
                if byte == 0x0D, offset < bytes.count, bytes[offset] == 0x0A { offset += 1 }
                start = offset
            }
            lines.append(text[index(start)..<utf8.endIndex])
            return lines
        }
    }

    /// Joins lines with LF and drops trailing whitespace and blank lines.
    static func join(_ lines: ArraySlice<Substring>) -> String {
        // What trimming the joined text would remove: the blank lines at the end, the separators before them, and
        // the whitespace that ends the last other line. A line holds no CR or LF, so the separators join nothing
        // into one character.
        var end = lines.endIndex
        while end > lines.startIndex, isBlank(lines[end - 1]) { end -= 1 }
        guard end > lines.startIndex else { return "" }
        let last = lines[end - 1]
        let lastEnd = trailingWhitespaceStart(last)
        var result = String()
        result.reserveCapacity(lines[..<end].reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines[..<(end - 1)] {
            result.append(contentsOf: line)
            result.append("\n")
        }
        result.append(contentsOf: last[..<lastEnd])
        return result
    }

    static func isBlank(_ line: Substring) -> Bool {
        for byte in line.utf8 {
            if byte >= 0x80 { return line.allSatisfy(\.isWhitespace) }
            if !isASCIIWhitespace(byte) { return false }
        }
        return true
    }

    /// Whether the line is part of a `>` quote, allowing indentation before the marker.
    static func isQuoted(_ line: Substring) -> Bool {
        let utf8 = line.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x80 { return line.first(where: { !$0.isWhitespace }) == ">" }
            if !isASCIIWhitespace(byte) {
                guard byte == UInt8(ascii: ">") else { return false }
                // A combining mark after `>` would make the two one character, which is not ">".
                let next = utf8.index(after: index)
                return next == utf8.endIndex || utf8[next] < 0x80 || line.first(where: { !$0.isWhitespace }) == ">"
            }
            utf8.formIndex(after: &index)
        }
        return false
    }

    /// The line without leading whitespace and `>` quote markers.
    static func unquoted(_ line: Substring) -> Substring {
        let utf8 = line.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x80 { return line.drop(while: { $0.isWhitespace || $0 == ">" }) }
            guard isASCIIWhitespace(byte) || byte == UInt8(ascii: ">") else { break }
            utf8.formIndex(after: &index)
        }
        return line[index...]
    }

    /// The line without surrounding whitespace.
    static func trimmed(_ line: Substring) -> Substring {
        let utf8 = line.utf8
        var start = utf8.startIndex
        while start != utf8.endIndex {
            let byte = utf8[start]
            if byte >= 0x80 { return slowTrimmed(line) }
            guard isASCIIWhitespace(byte) else { break }
            utf8.formIndex(after: &start)
        }
        // Both ends are found on the bytes, and the line is sliced once, or not at all: slicing a substring
        // checks its bounds and costs more than the scan.
        var end = utf8.endIndex
        while end != start {
            let before = utf8.index(before: end)
            let byte = utf8[before]
            if byte >= 0x80 { return line[start..<slowTrailingWhitespaceStart(line[start..<end])] }
            guard isASCIIWhitespace(byte) else { break }
            end = before
        }
        if start == utf8.startIndex && end == utf8.endIndex { return line }
        return line[start..<end]
    }

    /// Whether `count` is at most `limit`, without counting graphemes when the UTF-8 length already answers (a
    /// character is at least one byte) or the text is ASCII (where a character is one byte, CRLF aside).
    static func characterCount(of text: Substring, isAtMost limit: Int) -> Bool {
        let bytes = text.utf8.count
        if bytes <= limit { return true }
        if !text.utf8.contains(where: { $0 >= 0x80 || $0 == 0x0D }) { return false }
        return text.count <= limit
    }

    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Where the run of whitespace that ends `text` starts.
    private static func trailingWhitespaceStart(_ text: Substring) -> String.Index {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end != utf8.startIndex {
            let before = utf8.index(before: end)
            let byte = utf8[before]
            if byte >= 0x80 { return slowTrailingWhitespaceStart(text[..<end]) }
            guard isASCIIWhitespace(byte) else { break }
            end = before
        }
        return end
    }

    private static func slowTrailingWhitespaceStart(_ text: Substring) -> String.Index {
        var end = text.endIndex
        while end > text.startIndex {
            let before = text.index(before: end)
            guard text[before].isWhitespace else { break }
            end = before
        }
        return end
    }

    private static func slowTrimmed(_ line: Substring) -> Substring {
        let start = line.drop(while: \.isWhitespace)
        return start[..<slowTrailingWhitespaceStart(start)]
    }
}
