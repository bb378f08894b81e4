/// The modified UTF-7 that IMAP4rev1 uses for mailbox names (RFC 3501 §5.1.3): printable ASCII stands for itself,
/// `&` is written `&-`, and any other run of characters is UTF-16BE in base64 (with `,` for `/`, no padding)
/// between `&` and `-`.
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()

    /// Encodes a mailbox name for the wire (RFC 3501 §5.1.3).
    public static func encode(_ name: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(name.utf8.count)
        var pending: [UInt16] = []
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush(&pending, into: &output)
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush(&pending, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func flush(_ units: inout [UInt16], into output: inout [UInt8]) {
        guard !units.isEmpty else { return }
        output.append(UInt8(ascii: "&"))
        var bits: UInt32 = 0
        var bitCount = 0
        for unit in units {
            bits = (bits << 16) | UInt32(unit)
            bitCount += 16
            while bitCount >= 6 {
                bitCount -= 6
                output.append(alphabet[Int((bits >> UInt32(bitCount)) & 0x3F)])
            }
            bits &= (1 << UInt32(bitCount)) - 1
        }
        if bitCount > 0 {
            output.append(alphabet[Int((bits << UInt32(6 - bitCount)) & 0x3F)])
        }
        output.append(UInt8(ascii: "-"))
        units.removeAll(keepingCapacity: true)
    }

    /// Decodes a mailbox name received from the server (RFC 3501 §5.1.3).
    ///
    /// Strict: returns nil for bytes outside printable ASCII, an unterminated shift, base64 that does not end on a
    /// UTF-16 boundary or leaves non-zero padding bits, unpaired surrogates, and shifted printable ASCII. Callers
    /// then keep the name as the server sent it.
    public static func decode(_ encoded: String) -> String? {
        decode(bytes: Array(encoded.utf8))
    }

    static func decode(bytes: [UInt8]) -> String? {
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x20 && byte <= 0x7E else { return nil }
            index += 1
            guard byte == UInt8(ascii: "&") else {
                scalars.append(Unicode.Scalar(byte))
                continue
            }
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: "-")) else { return nil }
            if end == index {
                scalars.append("&")
            } else {
                guard let decoded = decodeShifted(bytes[index..<end]) else { return nil }
                scalars.append(contentsOf: decoded)
            }
            index = end + 1
        }
        return String(scalars)
    }

    private static func decodeShifted(_ run: ArraySlice<UInt8>) -> [Unicode.Scalar]? {
        var units: [UInt16] = []
        var bits: UInt32 = 0
        var bitCount = 0
        for byte in run {
            let value = reverse[Int(byte)]
            guard value != 0xFF else { return nil }
            bits = (bits << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 16 {
                bitCount -= 16
                units.append(UInt16(truncatingIfNeeded: bits >> UInt32(bitCount)))
                bits &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard bitCount < 6, bits == 0 else { return nil }
        var result: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                // Printable ASCII must stand for itself; a shifted one is a sign of a different encoding.
                if scalar.value >= 0x20 && scalar.value <= 0x7E { return nil }
                result.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return result
    }
}
