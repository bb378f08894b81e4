extension PreprocessorScan {
    /// Checks the UTF-8 sequence starting at `index` (Unicode §3.9, table 3-7) and returns the index after it.
    /// An ill-formed sequence becomes U+FFFD, one per maximal subpart; U+FFFE and U+FFFF are removed.
    mutating func checkUTF8(at index: Int) -> Int {
        let lead = input[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default:
            replace(index..<index + 1, with: Self.replacementCharacter)
            return index + 1
        }
        var end = index + 1
        while end < index + length {
            let expected = end == index + 1 ? secondRange : 0x80...0xBF
            guard end < input.count, expected.contains(input[end]) else {
                replace(index..<end, with: Self.replacementCharacter)
                return end
            }
            end += 1
        }
        if lead == 0xEF, input[index + 1] == 0xBF, input[index + 2] >= 0xBE { replace(index..<end) }
        return end
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Reads `&#digits;` or `&#xhex;` at `index` (XML 1.0 §4.1 `CharRef`): the index after `;` and the code point,
    /// or `nil` when the bytes there are not a well-formed character reference. Values past U+10FFFF saturate at
    /// 0x110000, which is forbidden like they are.
    func reference(at index: Int) -> (end: Int, codePoint: UInt32)? {
        var position = index + 1
        guard position < input.count, input[position] == UInt8(ascii: "#") else { return nil }
        position += 1
        let isHex = position < input.count && input[position] == UInt8(ascii: "x")
        if isHex { position += 1 }
        let radix: UInt32 = isHex ? 16 : 10
        var value: UInt32 = 0
        var digits = 0
        while position < input.count, let digit = Self.digitValue(input[position], hex: isHex) {
            value = min(value * radix + digit, 0x110000)
            digits += 1
            position += 1
        }
        guard digits > 0, position < input.count, input[position] == UInt8(ascii: ";") else { return nil }
        return (position + 1, value)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
