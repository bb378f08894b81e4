import Foundation
import Testing

@testable import EWS

@Suite("Base64 and XML Schema values")
struct WireValueTests {
    func decode(_ pieces: [String]) -> [UInt8]? {
        var decoder = Base64StreamDecoder()
        for piece in pieces { decoder.append(piece.utf8) }
        return decoder.finish()
    }

    @Test("base64 agrees with Foundation however it is split", arguments: [0, 1, 2, 3, 4, 5, 57, 58, 1000])
    func base64RoundTrip(_ length: Int) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let encoded = Data(bytes).base64EncodedString(options: .lineLength64Characters)
        for split in [1, 3, 7, 64] {
            var pieces: [String] = []
            var rest = Substring(encoded)
            while !rest.isEmpty {
                pieces.append(String(rest.prefix(split)))
                rest = rest.dropFirst(split)
            }
            #expect(decode(pieces) == bytes)
        }
    }

    static let base64Cases: [(String, [UInt8]?)] = [
        ("", []),
        ("QQ==", [0x41]),
        ("QUI=", [0x41, 0x42]),
        ("QUJD", [0x41, 0x42, 0x43]),
        ("QQ", [0x41]),
        ("QUI", [0x41, 0x42]),
        (" Q U\r\nJ D\t", [0x41, 0x42, 0x43]),
        ("Q", nil),
        ("QQ=", nil),
        ("QUJD=", nil),
        ("QQ==QQ==", nil),
        ("QUI==", nil),
        ("QU*D", nil),
        ("QUJD-_", nil),
    ]

    @Test("base64 edge cases", arguments: base64Cases)
    func base64Edges(_ input: String, _ expected: [UInt8]?) {
        #expect(decode([input]) == expected)
    }

    static let dates: [(String, Double?)] = [
        ("2024-02-29T23:59:58Z", 1_709_251_198),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2006-10-28T01:37:06", 1_161_999_426),
        ("2013-08-29T17:22:10+02:00", 1_377_789_730),
        ("2013-08-29T10:22:10-05:00", 1_377_789_730),
        (" 2013-08-29T15:22:10.5Z\n", 1_377_789_730.5),
        ("2023-02-29T00:00:00Z", nil),
        ("2024-13-01T00:00:00Z", nil),
        ("2024-01-01T24:00:00Z", nil),
        ("2024-01-01 00:00:00Z", nil),
        ("2024-01-01T00:00:00Zjunk", nil),
        ("2024-01-01T00:00:00.Z", nil),
        ("yesterday", nil),
    ]

    @Test("xs:dateTime", arguments: dates)
    func dateTime(_ text: String, _ expected: Double?) {
        #expect(XSValue.dateTime(text) == expected.map { Date(timeIntervalSince1970: $0) })
    }

    @Test func booleansAndIntegers() throws {
        #expect(XSValue.boolean(" true ") == true)
        #expect(XSValue.boolean("0") == false)
        #expect(XSValue.boolean("TRUE") == nil)
        #expect(XSValue.integer("\n42\n") == 42)
        #expect(XSValue.integer("4.2") == nil)
        #expect(throws: EWSParseError.missingElement) { try XSValue.requiredBoolean(nil, element: "X") }
        #expect(throws: EWSParseError.invalidValue) { try XSValue.requiredBoolean("yes", element: "X") }
    }
}
