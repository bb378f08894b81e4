#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a message (RFC 5322, RFC 2045-2049) from raw bytes into a tree of `MIMEPart`s. It never fails and never
/// traps: whatever can't be read as intended is repaired the way common mail readers do, and recorded as a warning.
public struct MIMEParser: Sendable {
    /// Deeper nesting of multiparts and embedded messages than this is kept as an opaque leaf.
    public var maximumDepth = 32
    /// More parts than this in one message are kept inside their parent's body, unread.
    public var maximumParts = 2_000

    public init() {}

    /// Parses `bytes` as a message.
    public func parse(_ bytes: [UInt8]) -> MIMEMessage {
        var state = ParseState(limits: self)
        let root = state.parseEntity(bytes, range: 0..<bytes.count, depth: 0, defaultType: .textPlain, path: [])
        return MIMEMessage(raw: bytes, root: root, warnings: state.warnings)
    }
}

private struct ParseState {
    let limits: MIMEParser
    var warnings: [ParseWarning] = []
    var partCount = 0

    init(limits: MIMEParser) {
        self.limits = limits
    }

    mutating func warn(_ kind: ParseWarning.Kind, _ detail: String = "") {
        // One warning per kind and detail is enough to explain a message; a broken mail can repeat one thousands
        // of times.
        let warning = ParseWarning(kind, detail)
        if warnings.count < 64, !warnings.contains(warning) { warnings.append(warning) }
    }

    mutating func parseEntity(_ bytes: [UInt8], range: Range<Int>, depth: Int, defaultType: ContentType,
                              path: [Int]) -> MIMEPart {
        partCount += 1
        let (fields, bodyStart) = parseHeaderBlock(bytes, range: range)
        let headers = HeaderFields(fields)
        var contentType = defaultType
        if let field = headers.first("content-type") {
            if let parsed = ContentType(headerValue: field.unfoldedBytes) {
                contentType = parsed
                if parsed.parameters.hasConflict { warn(.conflictingParameter, "Content-Type") }
            } else {
                warn(.invalidContentType)
                contentType = .textPlain
            }
        }
        let body = bytes[bodyStart..<range.upperBound]
        var children: [MIMEPart] = []
        if contentType.isMultipart || contentType.isEmbeddedMessage {
            if depth >= limits.maximumDepth {
                warn(.nestingTooDeep)
            } else if partCount >= limits.maximumParts {
                warn(.tooManyParts)
            } else if contentType.isMultipart {
                children = parseMultipart(bytes, body: bodyStart..<range.upperBound, contentType: contentType,
                                          depth: depth, path: path)
            } else {
                children = [parseEmbeddedMessage(headers: headers, body: body, depth: depth, path: path)]
            }
        }
        return MIMEPart(headers: headers, contentType: contentType, body: body, children: children, path: path)
    }

    /// message/rfc822: the body is a message. RFC 2046 §5.2.1 forbids encoding it, but base64 and quoted-printable
    /// happen, so the body is decoded first.
    private mutating func parseEmbeddedMessage(headers: HeaderFields, body: ArraySlice<UInt8>, depth: Int,
                                               path: [Int]) -> MIMEPart {
        var encoding = TransferEncoding.sevenBit
        if let field = headers.first("content-transfer-encoding") {
            encoding = TransferEncoding(label: String(decoding: field.unfoldedBytes, as: UTF8.self))
        }
        let inner: [UInt8] = (encoding == .base64 || encoding == .quotedPrintable)
            ? encoding.decode(body).bytes : Array(body)
        return parseEntity(inner, range: 0..<inner.count, depth: depth + 1, defaultType: .textPlain, path: path + [0])
    }

    /// RFC 2046 §5.1.1: splits the body at delimiter lines `--boundary`, up to the close delimiter `--boundary--`.
    /// The line break before a delimiter belongs to the delimiter. Preamble and epilogue are dropped.
    private mutating func parseMultipart(_ bytes: [UInt8], body: Range<Int>, contentType: ContentType, depth: Int,
                                         path: [Int]) -> [MIMEPart] {
        guard let boundary = contentType.boundary, !boundary.isEmpty else {
            warn(.multipartWithoutBoundary)
            return []
        }
        let delimiters = Self.findDelimiters(bytes, range: body, boundary: Array(boundary.utf8))
        guard let first = delimiters.first else {
            warn(.missingStartBoundary)
            return []
        }
        let childDefault: ContentType = contentType.subtype == "digest" ? .messageRFC822 : .textPlain
        var children: [MIMEPart] = []
        var start = first.lineEnd
        var closed = first.isClose
        for delimiter in delimiters.dropFirst() where !closed {
            if partCount >= limits.maximumParts {
                warn(.tooManyParts)
                return children
            }
            children.append(parseEntity(bytes, range: start..<max(start, delimiter.partEnd), depth: depth + 1,
                                        defaultType: childDefault, path: path + [children.count]))
            start = delimiter.lineEnd
            closed = delimiter.isClose
        }
        if !closed {
            warn(.missingCloseBoundary)
            if start < body.upperBound, partCount < limits.maximumParts {
                children.append(parseEntity(bytes, range: start..<body.upperBound, depth: depth + 1,
                                            defaultType: childDefault, path: path + [children.count]))
            }
        }
        return children
    }

    struct Delimiter {
        /// Where the previous part ends: before the line break that precedes the delimiter line.
        var partEnd: Int
        /// Where the next part starts: after the delimiter line's own line break.
        var lineEnd: Int
        var isClose: Bool
    }

    static func findDelimiters(_ bytes: [UInt8], range: Range<Int>, boundary: [UInt8]) -> [Delimiter] {
        var result: [Delimiter] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var lineStart = range.lowerBound
            let end = range.upperBound
            let needed = 2 + boundary.count
            while lineStart < end {
                let lineBreak = memchr(base + lineStart, Int32(ASCII.lf), end - lineStart)
                    .map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
                if lineBreak - lineStart >= needed, base[lineStart] == ASCII.hyphen, base[lineStart + 1] == ASCII.hyphen,
                   memcmp(base + lineStart + 2, boundary, boundary.count) == 0 {
                    var cursor = lineStart + needed
                    var isClose = false
                    if cursor + 2 <= lineBreak, base[cursor] == ASCII.hyphen, base[cursor + 1] == ASCII.hyphen {
                        isClose = true
                        cursor += 2
                    }
                    while cursor < lineBreak, ASCII.isWhitespace(base[cursor]) { cursor += 1 }
                    if cursor == lineBreak {
                        var partEnd = lineStart
                        if partEnd > range.lowerBound, base[partEnd - 1] == ASCII.lf {
                            partEnd -= 1
                            if partEnd > range.lowerBound, base[partEnd - 1] == ASCII.cr { partEnd -= 1 }
                        }
                        result.append(Delimiter(partEnd: partEnd, lineEnd: min(lineBreak + 1, end), isClose: isClose))
                    }
                }
                lineStart = lineBreak + 1
            }
        }
        return result
    }

    /// RFC 5322 §2.2 and §3.2.2 (folding): header fields up to the first empty line. A line that is neither a field
    /// nor a continuation ends the header block and starts the body, as in Python's and GMime's parsers; mbox
    /// "From " lines are skipped.
    mutating func parseHeaderBlock(_ bytes: [UInt8], range: Range<Int>) -> ([HeaderField], Int) {
        var fields: [HeaderField] = []
        var bodyStart = range.upperBound
        var current: (name: String, valueStart: Int, valueEnd: Int)?
        var sawContinuationFirst = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let end = range.upperBound
            var lineStart = range.lowerBound
            while lineStart < end {
                let lineBreak = memchr(base + lineStart, Int32(ASCII.lf), end - lineStart)
                    .map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
                var contentEnd = lineBreak
                if contentEnd > lineStart, base[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
                let next = min(lineBreak + 1, end)
                if contentEnd == lineStart {
                    bodyStart = next
                    break
                }
                let first = base[lineStart]
                if first == ASCII.space || first == ASCII.tab {
                    if current != nil {
                        current?.valueEnd = contentEnd
                    } else {
                        sawContinuationFirst = true
                    }
                    lineStart = next
                    continue
                }
                var colon = lineStart
                while colon < contentEnd, base[colon] != ASCII.colon, base[colon] > 0x20, base[colon] < 0x7F {
                    colon += 1
                }
                var nameEnd = colon
                // Obsolete syntax (RFC 5322 §4.5.8) allows blanks between the name and the colon.
                while colon < contentEnd, ASCII.isBlank(base[colon]) { colon += 1 }
                if colon < contentEnd, base[colon] == ASCII.colon, nameEnd > lineStart {
                    if let field = current {
                        fields.append(HeaderField(name: field.name, rawValue: bytes[field.valueStart..<field.valueEnd]))
                    }
                    while nameEnd > lineStart, ASCII.isBlank(base[nameEnd - 1]) { nameEnd -= 1 }
                    let name = String(decoding: UnsafeBufferPointer(start: base + lineStart, count: nameEnd - lineStart),
                                      as: UTF8.self)
                    current = (name, colon + 1, contentEnd)
                    lineStart = next
                    continue
                }
                // mbox "From " lines: first in a stored message, and sometimes inside the headers of a forward.
                if contentEnd - lineStart >= 5, memcmp(base + lineStart, "From ", 5) == 0 {
                    lineStart = next
                    continue
                }
                bodyStart = lineStart
                break
            }
        }
        if let field = current {
            fields.append(HeaderField(name: field.name, rawValue: bytes[field.valueStart..<field.valueEnd]))
        }
        if sawContinuationFirst { warn(.headerContinuationFirst) }
        if bodyStart < range.upperBound, bodyStart > range.lowerBound, !Self.endsWithEmptyLine(bytes, before: bodyStart) {
            warn(.missingHeaderBodySeparator)
        }
        return (fields, bodyStart)
    }

    private static func endsWithEmptyLine(_ bytes: [UInt8], before index: Int) -> Bool {
        guard index >= 1, bytes[index - 1] == ASCII.lf else { return false }
        var probe = index - 2
        if probe >= 0, bytes[probe] == ASCII.cr { probe -= 1 }
        return probe < 0 || bytes[probe] == ASCII.lf
    }
}
