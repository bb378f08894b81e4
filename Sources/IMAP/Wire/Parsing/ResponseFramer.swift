/// Cuts the incoming byte stream into responses (RFC 3501 §2.2.2, §4.3): a response is a line, but a line that
/// ends in a literal marker `{n}` (or `~{n}`, RFC 3516) goes on after exactly n more bytes.
///
/// Each byte is scanned once, however the stream is chunked. The literal that carries message content in a FETCH
/// response (at the top level of its attribute list, after `BODY[...]`, `BINARY[...]` or `RFC822...`) is not
/// buffered: the framer hands out the response up to it, then the content in pieces, then the rest.
struct ResponseFramer {
    enum Frame: Equatable {
        /// A whole response, its final line end removed.
        case response([UInt8])
        /// A FETCH response up to a content literal of `contentSize` bytes; `continued` when earlier content of the
        /// same response came before it.
        case fetchPart([UInt8], continued: Bool, contentSize: Int)
        /// The rest of a FETCH response after streamed content, its final line end removed.
        case fetchRest([UInt8])
    }

    private let configuration: IMAPResponseParser.Configuration
    private var buffer: [UInt8] = []
    /// Start of the bytes not handed out yet.
    private var frameStart = 0
    /// Next byte to scan; beyond `buffer.count` while a literal's bytes are still to come.
    private var scanIndex = 0
    /// Start of the current line segment (after the last literal), to tell a literal's CR from the line's.
    private var segmentStart = 0
    private var depth = 0
    private var inQuote = false
    private var escaped = false
    private var lineLength = 0
    private var bufferedLiteralBytes = 0
    /// True after streamed content, until the end of that FETCH response.
    private var continued = false
    /// Content bytes still to hand out, or nil when not inside content.
    private(set) var remainingContent: Int?

    init(configuration: IMAPResponseParser.Configuration) {
        self.configuration = configuration
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        // Drop handed-out bytes once they outweigh the rest, so compaction costs O(1) per byte overall.
        if frameStart > 0 && frameStart >= buffer.count - frameStart {
            buffer.removeFirst(frameStart)
            scanIndex -= frameStart
            segmentStart -= frameStart
            frameStart = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Up to `limit` bytes of the content being streamed; nil when none has arrived yet.
    mutating func takeContent(limit: Int) -> [UInt8]? {
        guard let remaining = remainingContent, remaining > 0, frameStart < buffer.count else { return nil }
        let count = min(remaining, limit, buffer.count - frameStart)
        let chunk = Array(buffer[frameStart..<frameStart + count])
        frameStart += count
        remainingContent = remaining - count
        return chunk
    }

    /// Leaves the content (all of it handed out) and goes on scanning the rest of its FETCH response.
    mutating func finishContent() {
        remainingContent = nil
        scanIndex = frameStart
        segmentStart = frameStart
        continued = true
        depth = 1
        lineLength = 0
        bufferedLiteralBytes = 0
    }

    /// The next complete frame, or nil when more bytes are needed.
    mutating func nextFrame() throws(IMAPParseError) -> Frame? {
        guard remainingContent == nil else { return nil }
        while scanIndex < buffer.count {
            let byte = buffer[scanIndex]
            lineLength += 1
            guard lineLength <= configuration.maximumLineLength else { throw .lineTooLong }
            if byte == 10 {
                if let frame = try lineEnded(at: scanIndex) { return frame }
                continue
            }
            scanIndex += 1
            if inQuote {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inQuote = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inQuote = true
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
            }
        }
        return nil
    }

    /// Handles the LF at `position`: skips a literal that follows, starts streamed content, or ends the response.
    private mutating func lineEnded(at position: Int) throws(IMAPParseError) -> Frame? {
        inQuote = false
        escaped = false
        var contentEnd = position
        if contentEnd > segmentStart && buffer[contentEnd - 1] == 13 { contentEnd -= 1 }
        guard let (markerStart, size) = try literalMarker(endingAt: contentEnd) else {
            let bytes = Array(buffer[frameStart..<contentEnd])
            let frame: Frame = continued ? .fetchRest(bytes) : .response(bytes)
            frameStart = position + 1
            scanIndex = frameStart
            segmentStart = frameStart
            depth = 0
            continued = false
            lineLength = 0
            bufferedLiteralBytes = 0
            return frame
        }
        if depth == 1 && isFetchResponse() && precedesContent(markerStart) {
            let bytes = Array(buffer[frameStart..<markerStart])
            let frame = Frame.fetchPart(bytes, continued: continued, contentSize: size)
            frameStart = position + 1
            scanIndex = frameStart
            remainingContent = size
            return frame
        }
        guard size <= configuration.maximumBufferedLiteralSize - bufferedLiteralBytes else { throw .literalTooLarge }
        bufferedLiteralBytes += size
        scanIndex = position + 1 + size
        segmentStart = scanIndex
        return nil
    }

    /// `literal` / `literal8` marker at the end of a line (RFC 3501 §9, RFC 3516 §4.3, RFC 7888 `{n+}`): where it
    /// starts and the byte count it announces.
    private func literalMarker(endingAt end: Int) throws(IMAPParseError) -> (Int, Int)? {
        var position = end - 1
        guard position > segmentStart, buffer[position] == UInt8(ascii: "}") else { return nil }
        position -= 1
        if buffer[position] == UInt8(ascii: "+") { position -= 1 }
        let digitsEnd = position + 1
        while position >= segmentStart, buffer[position] >= UInt8(ascii: "0"), buffer[position] <= UInt8(ascii: "9") {
            position -= 1
        }
        guard position >= segmentStart, position < digitsEnd - 1, buffer[position] == UInt8(ascii: "{") else {
            return nil
        }
        var size = 0
        for digit in buffer[(position + 1)..<digitsEnd] {
            let (times, overflow) = size.multipliedReportingOverflow(by: 10)
            size = times + Int(digit - UInt8(ascii: "0"))
            guard !overflow, size <= configuration.maximumLiteralSize else { throw .literalTooLarge }
        }
        if position > segmentStart && buffer[position - 1] == UInt8(ascii: "~") { position -= 1 }
        return (position, size)
    }

    /// Whether the current frame is a FETCH response: `* n FETCH (`, spaces repeated or not, any case.
    private func isFetchResponse() -> Bool {
        if continued { return true }
        var position = frameStart
        func skip(_ predicate: (UInt8) -> Bool) -> Int {
            let start = position
            while position < buffer.count, predicate(buffer[position]) { position += 1 }
            return position - start
        }
        guard skip({ $0 == UInt8(ascii: "*") }) == 1, skip({ $0 == UInt8(ascii: " ") }) > 0,
            skip({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) > 0, skip({ $0 == UInt8(ascii: " ") }) > 0,
            position + 5 <= buffer.count
        else { return false }
        let word = buffer[position..<position + 5].map { $0 & 0xDF }
        position += 5
        return word == Array("FETCH".utf8) && skip({ $0 == UInt8(ascii: " ") }) > 0
    }

    /// Whether the literal at `markerStart` is the value of a content attribute: `...] `, `...]<n> ` or `RFC822...`.
    private func precedesContent(_ markerStart: Int) -> Bool {
        guard markerStart > frameStart else { return false }
        var position = markerStart - 1
        while position > frameStart && buffer[position] == UInt8(ascii: " ") { position -= 1 }
        if buffer[position] == UInt8(ascii: ">") {
            while position > frameStart && buffer[position] != UInt8(ascii: "<") { position -= 1 }
            position -= 1
        }
        guard position > frameStart else { return false }
        if buffer[position] == UInt8(ascii: "]") { return true }
        let end = position + 1
        while position > frameStart && WireCursor.atomCharacters[Int(buffer[position])] { position -= 1 }
        let name = String(decoding: buffer[(position + 1)..<end], as: UTF8.self).uppercased()
        return name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT"
    }
}
