import Testing
@testable import MIME

/// Decoding through UTF-8 bytes must give the same text as appending the table's scalars one by one.
@Suite struct SingleByteCharsetTests {
    @Test(arguments: SingleByteCharset.allCases)
    func transcodingMatchesScalarByScalarDecoding(_ charset: SingleByteCharset) {
        var generator = DateParserASCIITests.Generator(state: UInt64(charset.rawValue.utf8.count))
        var inputs: [[UInt8]] = [[], Array(0...255), Array(0..<128), Array(0x80...0xFF), [0, 0x0D, 0x0A, 0x7F]]
        for _ in 0..<200 {
            let length = Int.random(in: 0...40, using: &generator)
            let highShare = UInt8.random(in: 0...3, using: &generator)
            inputs.append((0..<length).map { _ in
                UInt8.random(in: 0...3, using: &generator) < highShare
                    ? UInt8.random(in: 0x80...0xFF, using: &generator) : UInt8.random(in: 0..<0x80, using: &generator)
            })
        }
        for bytes in inputs {
            #expect(charset.decode(bytes) == charset.decodeScalars(bytes), "\(bytes)")
            #expect(charset.decodeStrictly(bytes) == charset.decodeScalarsStrictly(bytes), "\(bytes)")
            // The same text scalar for scalar, not only equal as Strings (which compare canonically).
            #expect(Array(charset.decode(bytes).unicodeScalars) == Array(charset.decodeScalars(bytes).unicodeScalars))
            #expect(charset.decodeStrictly(bytes).map { Array($0.unicodeScalars) }
                == charset.decodeScalarsStrictly(bytes).map { Array($0.unicodeScalars) })
            let slice = ArraySlice([0x41] + bytes).dropFirst()
            #expect(charset.decode(slice) == charset.decodeScalars(bytes))
            #expect(charset.decodeStrictly(slice) == charset.decodeScalarsStrictly(bytes))
        }
    }
}
