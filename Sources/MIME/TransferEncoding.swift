/// Content-Transfer-Encoding decoders (RFC 2045 §6). They never fail: bytes that can't be decoded are skipped or
/// kept as they are, and the caller learns whether that happened.
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit, eightBit, binary, quotedPrintable, base64, uuencode
    case unknown(String)

    /// Reads a Content-Transfer-Encoding value, accepting the junk forms seen in real mail (`7-bit`, `8bits`, …).
    public init(label: String) {
        let value = label.trimmingASCIIWhitespace().asciiLowercased
        switch value {
        case "", "7bit", "7-bit", "7bits", "plain", "text", "none", "ascii": self = .sevenBit
        case "8bit", "8-bit", "8bits": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable", "quoted_printable", "quotedprintable", "qp": self = .quotedPrintable
        case "base64", "base-64", "b64": self = .base64
        case "x-uuencode", "uuencode", "x-uue", "uue": self = .uuencode
        default: self = .unknown(value)
        }
    }

    /// Decodes `bytes`; `clean` is false when something had to be skipped.
    public func decode(_ bytes: ArraySlice<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        switch self {
        case .base64: Base64.decode(bytes)
        case .quotedPrintable: QuotedPrintable.decode(bytes)
        case .uuencode: UUEncode.decode(bytes)
        case .sevenBit, .eightBit, .binary, .unknown: (Array(bytes), true)
        }
    }
}

/// Base64 (RFC 2045 §6.8) that skips characters outside the alphabet and tolerates missing padding.
public enum Base64 {
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        // The URL-safe alphabet shows up in mail produced by web applications.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    public static func decode(_ input: some Collection<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 4)
        var clean = true
        var accumulator: UInt32 = 0
        var bits = 0
        var sawPadding = false
        table.withUnsafeBufferPointer { table in
            for byte in input {
                let value = table[Int(byte)]
                if value == 0xFF {
                    if byte == ASCII.equals {
                        sawPadding = true
                    } else if !ASCII.isWhitespace(byte) {
                        clean = false
                    }
                    continue
                }
                if sawPadding {
                    // Data after padding: a concatenation of separately encoded chunks. Restart the quantum.
                    accumulator = 0
                    bits = 0
                    sawPadding = false
                }
                accumulator = (accumulator << 6) | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
        }
        return (output, clean)
    }
}

/// Quoted-printable (RFC 2045 §6.7): `=XX`, soft line breaks, and transport-added trailing whitespace removed.
/// An `=` not followed by two hex digits or a line break is kept literally, as most mail readers do.
public enum QuotedPrintable {
    public static func decode(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var clean = true
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            if byte == ASCII.equals {
                if index + 2 < end, let high = ASCII.hexValue(input[index + 1]),
                   let low = ASCII.hexValue(input[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                // Soft line break: "=" then optional blanks then CRLF or LF (or the end of the input).
                var probe = index + 1
                while probe < end, ASCII.isBlank(input[probe]) { probe += 1 }
                if probe == end {
                    index = probe
                    continue
                }
                if input[probe] == ASCII.lf {
                    index = probe + 1
                    continue
                }
                if input[probe] == ASCII.cr {
                    index = probe + 1
                    if index < end, input[index] == ASCII.lf { index += 1 }
                    continue
                }
                clean = false
                output.append(byte)
                index += 1
            } else if ASCII.isBlank(byte) {
                // Trailing whitespace before a line break was added in transport (RFC 2045 §6.7 rule 3).
                var probe = index
                while probe < end, ASCII.isBlank(input[probe]) { probe += 1 }
                if probe == end || input[probe] == ASCII.cr || input[probe] == ASCII.lf {
                    index = probe
                } else {
                    output.append(contentsOf: input[index..<probe])
                    index = probe
                }
            } else if byte == ASCII.cr {
                // Line breaks come out as CRLF or LF exactly as they went in, minus bare CR noise.
                if index + 1 < end, input[index + 1] == ASCII.lf {
                    output.append(ASCII.cr)
                    output.append(ASCII.lf)
                    index += 2
                } else {
                    output.append(ASCII.lf)
                    index += 1
                }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return (output, clean)
    }
}

/// uuencode as found in `x-uuencode` parts: `begin mode name` … `end`.
enum UUEncode {
    static func decode(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var output = [UInt8]()
        var clean = true
        var started = false
        for line in input.split(separator: ASCII.lf, omittingEmptySubsequences: false) {
            var line = line
            if line.last == ASCII.cr { line = line.dropLast() }
            if !started {
                if line.starts(with: "begin ".utf8) { started = true }
                continue
            }
            if line.starts(with: "end".utf8) { break }
            guard let first = line.first else { continue }
            let count = Int((first &- 0x20) & 0x3F)
            var lineBytes: [UInt8] = []
            var quantum: [UInt8] = []
            for byte in line.dropFirst() {
                quantum.append((byte &- 0x20) & 0x3F)
                if quantum.count == 4 {
                    lineBytes.append(quantum[0] << 2 | quantum[1] >> 4)
                    lineBytes.append(quantum[1] << 4 | quantum[2] >> 2)
                    lineBytes.append(quantum[2] << 6 | quantum[3])
                    quantum.removeAll(keepingCapacity: true)
                }
            }
            if lineBytes.count < count { clean = false }
            output.append(contentsOf: lineBytes.prefix(count))
        }
        if !started { return (Array(input), false) }
        return (output, clean)
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let bytes = ASCII.trimmed(ArraySlice(utf8))
        if bytes.count == utf8.count { return self }
        return String(decoding: bytes, as: UTF8.self)
    }
}
