/// RFC 2047 encoded-words: `=?charset[*language]?B|Q?encoded-text?=`.
public enum EncodedWord {
    /// Decodes an unstructured header value (RFC 2047 §5(1)).
    ///
    /// Whitespace between two adjacent encoded-words is dropped (§6.2), and adjacent words in one charset are joined
    /// as bytes before decoding, because senders split multi-byte characters across words. Encoded-words glued to
    /// other text, which the RFC forbids but mailers produce, are decoded too. Raw 8-bit bytes outside encoded-words
    /// are read as UTF-8, else windows-1252.
    public static func decodeUnstructured(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        guard containsEncodedWordStart(bytes) else { return ASCII.string(bytes) }
        var output = ""
        var literal: [UInt8] = []
        // The encoded-word bytes not yet decoded, and whitespace seen since the last encoded-word.
        var pending: (charset: String, bytes: [UInt8])?
        var gap: [UInt8] = []

        func flushPending() {
            if let word = pending {
                output += CharsetDecoding.decode(word.bytes, label: word.charset).text
                pending = nil
            }
        }
        func flushLiteral() {
            if !literal.isEmpty {
                output += ASCII.string(literal)
                literal.removeAll(keepingCapacity: true)
            }
        }

        var index = 0
        while index < bytes.count {
            if bytes[index] == ASCII.equals, let word = parse(bytes, at: index) {
                if let current = pending {
                    // Only whitespace since the previous encoded-word: it is dropped (§6.2).
                    if current.charset.asciiLowercased != word.charset.asciiLowercased { flushPending() }
                } else {
                    flushLiteral()
                }
                if pending == nil {
                    pending = (word.charset, word.bytes)
                } else {
                    pending?.bytes.append(contentsOf: word.bytes)
                }
                gap.removeAll(keepingCapacity: true)
                index = word.end
                continue
            }
            let byte = bytes[index]
            if pending != nil {
                if ASCII.isBlank(byte) {
                    gap.append(byte)
                } else {
                    flushPending()
                    literal.append(contentsOf: gap)
                    gap.removeAll(keepingCapacity: true)
                    literal.append(byte)
                }
            } else {
                literal.append(byte)
            }
            index += 1
        }
        flushPending()
        literal.append(contentsOf: gap)
        flushLiteral()
        return output
    }

    /// Whether the bytes contain "=?" at all, the cheap test that spares most headers the full scan.
    static func containsEncodedWordStart(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        for index in 0..<(bytes.count - 1) where bytes[index] == ASCII.equals && bytes[index + 1] == ASCII.question {
            return true
        }
        return false
    }

    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses one encoded-word starting at `start` (which holds "="), or returns nil when there is none.
    static func parse(_ bytes: [UInt8], at start: Int) -> Word? {
        guard let found = locate(bytes, at: start) else { return nil }
        var charsetBytes = bytes[found.charset]
        if let star = charsetBytes.firstIndex(of: ASCII.asterisk) { charsetBytes = charsetBytes[..<star] }  // RFC 2231 §5
        let text = bytes[found.text]
        let decoded = found.isBase64 ? Base64.decode(text).bytes : decodeQ(text)
        let charset = String(decoding: charsetBytes, as: UTF8.self)
        return Word(charset: charset, bytes: decoded, end: found.text.upperBound + 2)
    }

    /// Where the parts of an encoded-word lie: the charset (with any language tag) and the encoded text, which "?="
    /// follows.
    private struct Location {
        var charset: Range<Int>
        var isBase64: Bool
        var text: Range<Int>
    }

    private static func locate(_ bytes: [UInt8], at start: Int) -> Location? {
        guard let head = head(bytes, at: start) else { return nil }
        let count = bytes.count
        var index = head.textStart
        // Words are at most 75 characters (§2); real ones run longer, but a bound keeps a header full of "=?"
        // linear to scan.
        let limit = min(count, head.textStart + maximumTextLength)
        while index + 1 < limit {
            if bytes[index] == ASCII.question, bytes[index + 1] == ASCII.equals { break }
            if ASCII.isWhitespace(bytes[index]) { return nil }
            index += 1
        }
        guard index + 1 < limit else { return nil }
        guard index + 1 < count else { return nil }
        return Location(charset: head.charset, isBase64: head.isBase64, text: head.textStart..<index)
    }

    private static let maximumTextLength = 4_096

    private typealias Head = (charset: Range<Int>, isBase64: Bool, textStart: Int)

    /// `=?charset?B|Q?` at `start`: where the charset lies, the encoding, and where the encoded text starts.
    private static func head<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int) -> Head?
    where Bytes.Index == Int {
        let count = bytes.endIndex  // an index: the bytes may be a slice
        guard start + 7 < count + 1, start + 1 < count, bytes[start + 1] == ASCII.question else { return nil }
        var index = start + 2
        let charsetStart = index
        while index < count, bytes[index] != ASCII.question {
            let byte = bytes[index]
            if ASCII.isWhitespace(byte) || byte < 0x21 || byte > 0x7E || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index + 3 < count, index > charsetStart, bytes[index + 2] == ASCII.question else { return nil }
        let encoding = ASCII.lowercased(bytes[index + 1])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        return (charsetStart..<index, encoding == UInt8(ascii: "b"), index + 3)
    }

    /// Finds where the encoded-words met from left to right in one value end, without decoding them, in time
    /// linear in the value's length however many "=?" it holds: the search for the "?=" that ends a word goes on
    /// from where the previous search stopped instead of reading up to 4,096 bytes again from every "=?".
    struct Finder {
        let bytes: ArraySlice<UInt8>
        /// The first whitespace or "?=" at or after `searchedFrom` (`bytes.endIndex` when there is none).
        private var stop = -1
        private var searchedFrom = 0

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
        }

        /// The index just past the encoded-word starting at `start`, or nil when there is none there; the same
        /// answer as ``EncodedWord/parse(_:at:)`` gives.
        mutating func end(at start: Int) -> Int? {
            guard let head = EncodedWord.head(bytes, at: start) else { return nil }
            let textStart = head.textStart
            if textStart < searchedFrom || textStart > stop {
                searchedFrom = textStart
                stop = textStart
                let end = bytes.endIndex
                while stop < end, !ASCII.isWhitespace(bytes[stop]),
                      !(bytes[stop] == ASCII.question && stop + 1 < end && bytes[stop + 1] == ASCII.equals) {
                    stop += 1
                }
            }
            guard stop + 1 < min(bytes.endIndex, textStart + maximumTextLength), bytes[stop] == ASCII.question
            else { return nil }
            return stop + 2
        }
    }

    /// The "Q" encoding (RFC 2047 §4.2): quoted-printable where "_" stands for a space.
    static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == ASCII.underscore {
                output.append(ASCII.space)
            } else if byte == ASCII.equals, index + 2 < text.endIndex,
                      let high = ASCII.hexValue(text[index + 1]), let low = ASCII.hexValue(text[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
