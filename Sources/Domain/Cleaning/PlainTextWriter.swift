/// Accumulates rendered text as UTF-8, collapsing whitespace the way a browser lays out inline content.
///
/// Breaks and spaces are kept pending and only written when the next visible character arrives, so trailing
/// blank lines, spaces at line ends and doubled separators never reach the output.
struct PlainTextWriter {
    private(set) var bytes: [UInt8] = []
    private var pendingNewlines = 0
    private var pendingSpace = false
    private var pendingCellSeparator = false
    /// A list marker, written with the item's first text so that `<li><p>` keeps marker and text together.
    private var pendingPrefix: String?

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    private var atLineStart: Bool {
        bytes.last.map { $0 == newline } ?? true
    }

    private var hasPending: Bool {
        pendingNewlines > 0 || pendingSpace || pendingCellSeparator || pendingPrefix != nil
    }

    /// A block boundary: 1 ends the line, 2 also leaves a blank line. Boundaries in a row do not add up.
    mutating func blockBreak(_ newlines: Int) {
        pendingNewlines = max(pendingNewlines, newlines)
        pendingSpace = false
    }

    /// `<br>`: every one counts, so two in a row make a blank line.
    mutating func lineBreak() {
        pendingNewlines += 1
        pendingSpace = false
    }

    /// Collapsible whitespace between words.
    mutating func space() {
        guard pendingNewlines == 0, !atLineStart, bytes.last != space8 else { return }
        pendingSpace = true
    }

    /// A non-breaking space: invisible, but it makes an otherwise empty line exist (Outlook's empty paragraphs).
    mutating func nonBreakingSpace() {
        flushNewlines()
        space()
    }

    /// Starts a list item: `prefix` goes before the item's first visible character.
    mutating func listItem(prefix: String) {
        blockBreak(1)
        pendingPrefix = prefix
    }

    /// The start of a table cell; a separator is written only between cells that both have text.
    mutating func cellBoundary() {
        pendingCellSeparator = true
        pendingSpace = false
    }

    mutating func append(_ byte: UInt8) {
        if hasPending { flush() }
        bytes.append(byte)
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        if hasPending { flush() }
        if let encoded = UTF8.encode(scalar) {
            bytes.append(contentsOf: encoded)
        }
    }

    mutating func append(_ text: String) {
        if hasPending { flush() }
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes `text` right after the last visible character, leaving pending breaks and spaces for later.
    mutating func appendInline(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A newline inside `<pre>`, written even when the line is empty.
    mutating func preformattedNewline() {
        if hasPending { flush() }
        bytes.append(newline)
    }

    /// The text written since `start`, without surrounding whitespace.
    func text(since start: Int) -> String {
        let slice = bytes[min(start, bytes.count)...]
        let trimmed = slice.drop(while: isWhitespaceByte).reversed().drop(while: isWhitespaceByte).reversed()
        return String(decoding: trimmed, as: UTF8.self)
    }

    private mutating func flush() {
        flushNewlines()
        if let prefix = pendingPrefix {
            bytes.append(contentsOf: prefix.utf8)
            pendingPrefix = nil
            pendingSpace = false
            pendingCellSeparator = false
        }
        if pendingCellSeparator {
            if !atLineStart {
                bytes.append(contentsOf: " | ".utf8)
            }
            pendingCellSeparator = false
            pendingSpace = false
        }
        if pendingSpace {
            bytes.append(space8)
            pendingSpace = false
        }
    }

    private mutating func flushNewlines() {
        guard pendingNewlines > 0 else { return }
        if !bytes.isEmpty {
            bytes.append(contentsOf: repeatElement(newline, count: min(pendingNewlines, 2)))
        }
        pendingNewlines = 0
        pendingSpace = false
        pendingCellSeparator = false
    }

    /// The finished text: trailing spaces cut from every line, at most one blank line in a row, trimmed.
    func finish() -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var blankLines = 0
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline {
                lineEnd += 1
            }
            var contentEnd = lineEnd
            while contentEnd > lineStart, isWhitespaceByte(bytes[contentEnd - 1]) {
                contentEnd -= 1
            }
            if contentEnd == lineStart {
                blankLines += 1
            } else {
                if !output.isEmpty {
                    output.append(newline)
                    if blankLines > 0 { output.append(newline) }
                }
                output.append(contentsOf: bytes[lineStart..<contentEnd])
                blankLines = 0
            }
            lineStart = lineEnd + 1
        }
        let start = output.firstIndex(where: { !isWhitespaceByte($0) }) ?? output.count
        return String(decoding: output[start...], as: UTF8.self)
    }
}

private let newline = UInt8(ascii: "\n")
private let space8 = UInt8(ascii: " ")

private func isWhitespaceByte(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}
