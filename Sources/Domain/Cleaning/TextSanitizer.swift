/// Removes code points that break XML and JSON consumers and normalises line endings.
///
/// Removed: C0 controls U+0000–U+001F except tab, LF and CR; DEL U+007F and the C1 controls U+0080–U+009F;
/// the non-characters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF in every plane; and lone UTF-16 surrogates (see
/// ``clean(utf16:)``, since a `String` cannot hold them). CRLF and lone CR become LF.
public enum TextSanitizer {
    /// Returns `text` without forbidden code points and with LF line endings.
    ///
    /// When nothing needs changing the input is returned as is, so clean text costs one scan and no allocation.
    public static func clean(_ text: String) -> String {
        // Byte scan first: every forbidden scalar and CR starts with one of these UTF-8 bytes, and most mail has none.
        let mayNeedRewrite = UTF8Text.withBytes(text) { bytes in
            bytes.contains { byte in
                (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2 || byte >= 0xEF
            }
        }
        guard mayNeedRewrite, text.unicodeScalars.contains(where: needsRewrite) else { return text }
        return rewrite(utf8: text)
    }

    /// Decodes UTF-16 code units and cleans the result like ``clean(_:)``.
    ///
    /// Lone surrogates are dropped rather than turned into U+FFFD as `String(decoding:as:)` would, because a
    /// replacement character in the middle of a word is noise for every consumer downstream.
    public static func clean(utf16 units: some Collection<UInt16>) -> String {
        rewrite(SurrogateDroppingScalars(units), capacity: units.count)
    }

    /// Whether `scalar` is removed by the sanitizer.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D:
            return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF:
            return true
        default:
            // U+FFFE, U+FFFF, U+1FFFE, U+1FFFF … U+10FFFF: the last two code points of every plane.
            return value & 0xFFFE == 0xFFFE
        }
    }

    private static func needsRewrite(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\r" || isForbidden(scalar)
    }

    private static func rewrite(_ scalars: some Sequence<Unicode.Scalar>, capacity: Int) -> String {
        var output = String.UnicodeScalarView()
        output.reserveCapacity(capacity)
        var afterCarriageReturn = false
        for scalar in scalars {
            if isForbidden(scalar) { continue }
            if scalar == "\r" {
                output.append("\n")
                afterCarriageReturn = true
                continue
            }
            if scalar == "\n" && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = false
            output.append(scalar)
        }
        return String(output)
    }

    /// ``rewrite(_:capacity:)`` for valid UTF-8, on bytes: appending scalar by scalar to a `String` costs several
    /// times more than copying bytes, and mail served with CRLF line endings goes through here whole. Only whole
    /// scalars are dropped, so the output is valid UTF-8 too.
    private static func rewrite(utf8 text: String) -> String {
        var input = text
        return input.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                var index = 0
                // As in the scalar version, a forbidden scalar between CR and LF doesn't separate them.
                var afterCarriageReturn = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        index += 1
                        if isForbidden(Unicode.Scalar(byte)) { continue }
                        if byte == 0x0A && afterCarriageReturn {
                            afterCarriageReturn = false
                            continue
                        }
                        afterCarriageReturn = byte == 0x0D
                        output[written] = byte == 0x0D ? 0x0A : byte
                        written += 1
                        continue
                    }
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    var value = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                    for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                    if let scalar = Unicode.Scalar(value), !isForbidden(scalar) {
                        for offset in 0..<length { output[written + offset] = bytes[index + offset] }
                        written += length
                        afterCarriageReturn = false
                    }
                    index += length
                }
                return written
            }
        }
    }
}

/// Decodes UTF-16, skipping unpaired surrogates instead of substituting U+FFFD.
private struct SurrogateDroppingScalars<Units: Collection<UInt16>>: Sequence {
    let units: Units

    init(_ units: Units) {
        self.units = units
    }

    func makeIterator() -> Iterator {
        Iterator(units: units.makeIterator())
    }

    struct Iterator: IteratorProtocol {
        var units: Units.Iterator
        /// A unit read ahead while looking for a low surrogate that turned out not to be one.
        var lookahead: UInt16?

        mutating func next() -> Unicode.Scalar? {
            while let unit = nextUnit() {
                switch unit {
                case 0xD800...0xDBFF:
                    guard let low = nextUnit() else { return nil }
                    guard (0xDC00...0xDFFF).contains(low) else {
                        lookahead = low
                        continue
                    }
                    let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    if let scalar = Unicode.Scalar(value) { return scalar }
                case 0xDC00...0xDFFF:
                    continue
                default:
                    if let scalar = Unicode.Scalar(unit) { return scalar }
                }
            }
            return nil
        }

        private mutating func nextUnit() -> UInt16? {
            if let unit = lookahead {
                lookahead = nil
                return unit
            }
            return units.next()
        }
    }
}
