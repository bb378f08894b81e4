/// Decoders for Unicode text that is almost valid: UTF-8 carrying encoded surrogates (CESU-8, or a lone surrogate
/// written by a buggy encoder) and UTF-16 with unpaired surrogates. Surrogate pairs are joined; lone surrogates
/// are dropped, since no consumer of XML or JSON can carry them.
enum UnicodeRepair {
    /// UTF-8 where the only defect is encoded surrogates (`ED A0..BF xx`); nil when anything else is wrong.
    static func decodeUTF8AllowingSurrogates(_ bytes: some Collection<UInt8>) -> String? {
        let bytes = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead == 0xED, index + 2 < bytes.count, bytes[index + 1] >= 0xA0, bytes[index + 1] <= 0xBF,
               bytes[index + 2] & 0xC0 == 0x80 {
                let unit = 0xD000 | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                if unit < 0xDC00 {
                    pendingHigh = unit
                } else if let high = pendingHigh {
                    let value = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                    if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
                    pendingHigh = nil
                }
                index += 3
                continue
            }
            pendingHigh = nil
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            guard length > 0, index + length <= bytes.count,
                  let text = String(validating: bytes[index..<(index + length)], as: UTF8.self) else { return nil }
            scalars.append(contentsOf: text.unicodeScalars)
            index += length
        }
        return String(scalars)
    }

    /// UTF-16 with an optional byte-order mark (big-endian without one, RFC 2781 §4.3); lone surrogates dropped.
    static func decodeUTF16(_ bytes: some Collection<UInt8>, bigEndian declared: Bool?) -> String {
        var bytes = Array(bytes)
        var bigEndian = declared ?? true
        if declared == nil, bytes.count >= 2 {
            if bytes[0] == 0xFF, bytes[1] == 0xFE { bigEndian = false; bytes.removeFirst(2) }
            else if bytes[0] == 0xFE, bytes[1] == 0xFF { bytes.removeFirst(2) }
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var position = 0
        while position < units.count {
            let unit = units[position]
            if unit >= 0xD800, unit < 0xDC00, position + 1 < units.count, units[position + 1] >= 0xDC00,
               units[position + 1] < 0xE000 {
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(units[position + 1]) - 0xDC00)
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
                position += 2
                continue
            }
            if let scalar = Unicode.Scalar(UInt32(unit)) { scalars.append(scalar) }  // nil for a lone surrogate
            position += 1
        }
        return String(scalars)
    }
}
