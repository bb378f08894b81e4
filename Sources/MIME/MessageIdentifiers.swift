/// Message-ID, In-Reply-To and References values (RFC 5322 §3.6.4).
public enum MessageIdentifiers {
    /// The ids in a References or In-Reply-To value, without angle brackets, in order. Text outside angle brackets
    /// (phrases that old mailers put there) is ignored; a value with no brackets at all is split on whitespace.
    public static func parseList(_ value: String) -> [String] {
        var value = value
        return value.withUTF8 { parseASCII($0, limit: .max) } ?? parseCharacters(value)
    }

    /// ``parseList(_:)`` of a header value's bytes (read as UTF-8, else windows-1252, when they are not ASCII), at
    /// most `limit` ids.
    public static func parseList(bytes: ArraySlice<UInt8>, limit: Int = .max) -> [String] {
        if let ids = bytes.withContiguousStorageIfAvailable({ parseASCII($0, limit: limit) }) ?? nil { return ids }
        return Array(parseCharacters(ASCII.string(bytes)).prefix(limit))
    }

    /// One id without its angle brackets and surrounding whitespace; folding whitespace inside is removed.
    public static func strip(_ value: String) -> String {
        var value = value
        if let ids = value.withUTF8({ parseASCII($0, limit: 1) }) {
            return ids.first ?? value.trimmingASCIIWhitespace()
        }
        if let first = parseCharacters(value).first { return first }
        return value.trimmingASCIIWhitespace()
    }

    /// ``strip(_:)`` of a header value's bytes.
    public static func strip(bytes: ArraySlice<UInt8>) -> String {
        if let ids = bytes.withContiguousStorageIfAvailable({ parseASCII($0, limit: 1) }) ?? nil,
           let first = ids.first {
            return first
        }
        return strip(ASCII.string(bytes))
    }

    /// The rules of ``parseList(_:)`` read one `Character` at a time: the reference for ``parseASCII(_:limit:)``
    /// and the path for values that are not plain ASCII.
    static func parseCharacters(_ value: String) -> [String] {
        var ids: [String] = []
        var remaining = Substring(value)
        var sawBracket = false
        while let open = remaining.firstIndex(of: "<") {
            sawBracket = true
            let afterOpen = remaining.index(after: open)
            guard let close = remaining[afterOpen...].firstIndex(of: ">") else { break }
            let id = remaining[afterOpen..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append(String(id)) }
            remaining = remaining[remaining.index(after: close)...]
        }
        if !sawBracket {
            ids = value.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        }
        return ids
    }

    /// ``parseCharacters(_:)`` on ASCII bytes, stopping after `limit` ids; nil when a byte is not ASCII.
    ///
    /// In ASCII every Character is one byte except CR LF, which is whitespace like each of its bytes, so removing
    /// or splitting on whitespace bytes does what the Character path does.
    static func parseASCII(_ value: UnsafeBufferPointer<UInt8>, limit: Int) -> [String]? {
        var sawBracket = false
        for byte in value {
            if byte >= 0x80 { return nil }
            if byte == ASCII.lessThan { sawBracket = true }
        }
        var ids: [String] = []
        guard limit > 0 else { return ids }
        if sawBracket {
            var index = 0
            while ids.count < limit, let open = value[index...].firstIndex(of: ASCII.lessThan) {
                guard let close = value[(open + 1)...].firstIndex(of: ASCII.greaterThan) else { break }
                let inner = UnsafeBufferPointer(rebasing: value[(open + 1)..<close])
                if !inner.contains(where: isWhitespace) {
                    if !inner.isEmpty { ids.append(String(decoding: inner, as: UTF8.self)) }
                } else {
                    let kept = inner.filter { !isWhitespace($0) }
                    if !kept.isEmpty { ids.append(String(decoding: kept, as: UTF8.self)) }
                }
                index = close + 1
            }
            return ids
        }
        var start = 0
        for index in 0...value.count where index == value.count || isWhitespace(value[index])
            || value[index] == ASCII.comma {
            if index > start {
                ids.append(String(decoding: UnsafeBufferPointer(rebasing: value[start..<index]), as: UTF8.self))
                if ids.count == limit { break }
            }
            start = index + 1
        }
        return ids
    }

    /// `Character.isWhitespace` for ASCII: tab, line feed, vertical tab, form feed, carriage return and space.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || (byte >= 0x09 && byte <= 0x0D)
    }
}
