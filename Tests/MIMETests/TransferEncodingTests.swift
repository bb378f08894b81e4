import Testing
@testable import MIME

/// RFC 2045 §6 transfer encodings, including the damage real mail carries.
@Suite struct TransferEncodingTests {
    @Test func base64SkipsGarbageAndLineBreaks() {
        let decoded = Base64.decode(Array("SGVs\r\nbG8g!!d29y*bGQ=".utf8))
        #expect(decoded.bytes == Array("Hello world".utf8))
        #expect(!decoded.clean)
    }

    @Test func base64WithoutPadding() {
        #expect(Base64.decode(Array("SGk".utf8)).bytes == Array("Hi".utf8))
    }

    @Test func base64ConcatenatedChunks() {
        #expect(Base64.decode(Array("SGk=SGk=".utf8)).bytes == Array("HiHi".utf8))
    }

    static let quotedPrintableCases: [(input: String, expected: String)] = [
        ("caf=C3=A9", "café"),
        ("soft=\r\nbreak", "softbreak"),
        ("soft=  \r\nbreak with blanks", "softbreak with blanks"),
        ("lf soft=\nbreak", "lf softbreak"),
        ("trailing   \r\nspace", "trailing\r\nspace"),
        ("lower =c3=a9 hex", "lower é hex"),
        ("bad =ZZ sequence", "bad =ZZ sequence"),
        ("ends with =", "ends with "),
        ("equals at end =4", "equals at end =4"),
    ]

    @Test(arguments: quotedPrintableCases.indices)
    func quotedPrintable(_ index: Int) {
        let (input, expected) = Self.quotedPrintableCases[index]
        let decoded = QuotedPrintable.decode(ArraySlice(input.utf8))
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == expected, "\(input)")
    }

    @Test func junkTransferEncodingLabels() {
        #expect(TransferEncoding(label: "7-bit") == .sevenBit)
        #expect(TransferEncoding(label: "8bits") == .eightBit)
        #expect(TransferEncoding(label: " Base64 ") == .base64)
        #expect(TransferEncoding(label: "x-uuencode") == .uuencode)
        #expect(TransferEncoding(label: "x-something") == .unknown("x-something"))
    }

    @Test func uuencode() {
        let body = "begin 644 hi.txt\n&2&D@=&AE\n`\nend\n"
        #expect(UUEncode.decode(ArraySlice(body.utf8)).bytes == Array("Hi the".utf8))
    }
}
