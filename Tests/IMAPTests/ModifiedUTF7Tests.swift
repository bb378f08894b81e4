import Testing
@testable import IMAP

@Suite struct ModifiedUTF7Tests {
    static let pairs: [(String, String)] = [
        ("台北", "&U,BTFw-"),
        ("&", "&-"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("INBOX", "INBOX"),
        ("", ""),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("R&D", "R&-D"),
        ("Éléments envoyés", "&AMk-l&AOk-ments envoy&AOk-s"),
        ("😀", "&2D3eAA-"),
        ("a\tb", "a&AAk-b"),
        ("Черновики", "&BCcENQRABD0EPgQyBDgEOgQ4-"),
    ]

    @Test(arguments: pairs)
    func encodesAndDecodes(_ decoded: String, _ encoded: String) {
        #expect(ModifiedUTF7.encode(decoded) == encoded)
        #expect(ModifiedUTF7.decode(encoded) == decoded)
    }

    static let invalid: [String] = [
        "&U,BTFw",  // no closing '-'
        "&AGE-",  // shifted printable ASCII ("a")
        "&2D0-",  // lone high surrogate
        "&U,BTF-",  // leftover bits
        "&U,B!Fw-",  // '!' is not in the alphabet
        "&U/BTFw-",  // '/' is ',' in the modified alphabet
        "caf\u{e9}",  // raw 8-bit
        "a\u{7f}b",  // control character
        "R&D",  // unescaped '&'
    ]

    @Test(arguments: invalid)
    func rejectsInvalidInput(_ text: String) {
        #expect(ModifiedUTF7.decode(text) == nil)
    }

    @Test func roundTripsRandomStrings() {
        var random = SplitMix64(seed: 42)
        let alphabet: [Unicode.Scalar] = ["a", "&", "-", " ", "/", ",", "\u{e9}", "\u{53f0}", "\u{1F600}", "\t"]
        for _ in 0..<2000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                scalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
            }
            let text = String(scalars)
            let encoded = ModifiedUTF7.encode(text)
            #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
            #expect(ModifiedUTF7.decode(encoded) == text)
        }
    }

    @Test func mailboxNameKeepsWhatItCannotDecode() {
        let name = MailboxName(wireBytes: Array("R&D".utf8), utf8Accepted: false)
        #expect(name.name == "R&D")
        #expect(name.undecodedWireBytes == Array("R&D".utf8))
        let utf8 = MailboxName(wireBytes: Array("Entwürfe".utf8), utf8Accepted: true)
        #expect(utf8 == MailboxName("Entwürfe"))
        #expect(MailboxName("inbox").isInbox)
    }
}
