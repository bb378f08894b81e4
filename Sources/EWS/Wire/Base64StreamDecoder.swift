/// Decodes base64 (RFC 4648 §4) as it arrives in pieces, so a `MimeContent` of tens of megabytes is never held
/// twice as text: memory is the decoded bytes plus three pending characters.
///
/// XML white space between characters is skipped (Exchange may wrap lines). Anything else outside the alphabet,
/// data after padding, or a dangling single character makes the result `nil`: mail bytes must be exact or absent.
struct Base64StreamDecoder {
    private var output: [UInt8] = []
    private var accumulator: UInt32 = 0
    private var pending = 0
    private var padding = 0
    private var isValid = true

    init() {}

    /// Reserves room for the bytes `encodedLength` base64 characters decode to, so a large content is not
    /// reallocated while it grows.
    init(encodedLength: Int) {
        output.reserveCapacity(encodedLength / 4 * 3 + 3)
    }

    mutating func append<Bytes: Sequence<UInt8>>(_ input: Bytes) {
        guard isValid else { return }
        for byte in input {
            let value = Self.table[Int(byte)]
            if value < 64 {
                guard padding == 0 else { return invalidate() }
                accumulator = accumulator << 6 | UInt32(value)
                pending += 1
                if pending == 4 {
                    output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                    output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                    output.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator = 0
                    pending = 0
                }
            } else if value == Self.pad {
                padding += 1
                guard pending >= 2, pending + padding <= 4 else { return invalidate() }
            } else if value != Self.space {
                return invalidate()
            }
        }
    }

    /// The decoded bytes, or `nil` if the input was not valid base64. Unpadded input is accepted.
    consuming func finish() -> [UInt8]? {
        guard isValid else { return nil }
        switch (pending, padding) {
        case (0, 0):
            break
        case (2, 0), (2, 2):
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case (3, 0), (3, 1):
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default:
            return nil
        }
        return output
    }

    private mutating func invalidate() {
        isValid = false
        output = []
    }

    private static let pad: UInt8 = 0xFD
    private static let space: UInt8 = 0xFE

    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        table[Int(UInt8(ascii: "="))] = pad
        for character in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")] {
            table[Int(character)] = space
        }
        return table
    }()
}
