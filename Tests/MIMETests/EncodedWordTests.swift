import Testing
@testable import MIME

/// RFC 2047 encoded-words in unstructured text.
@Suite struct EncodedWordTests {
    static let cases: [(input: String, expected: String)] = [
        ("=?utf-8?q?caf=C3=A9?=", "café"),
        ("=?UTF-8?B?Y2Fmw6k=?=", "café"),
        ("=?iso-8859-1?q?Gr=FC=DFe_aus_Berlin?=", "Grüße aus Berlin"),
        // Whitespace between adjacent encoded-words is dropped (§6.2), but not between a word and text.
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?=\t =?utf-8?q?b?= c", "ab c"),
        ("x =?utf-8?q?a?= y", "x a y"),
        ("(=?utf-8?q?et_en_plus,_en?= local )", "(et en plus, en local )"),
        ("=?utf-8?q?a?=\t local  =?utf-8?q?b?=", "a\t local  b"),
        // A multi-byte character split across two words of one charset (é = C3 A9).
        ("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=", "café"),
        ("=?utf-8?B?5pel5pys?= =?utf-8?B?6Kqe?=", "日本語"),
        // Two charsets side by side.
        ("=?iso-8859-1?q?=E9?= =?koi8-r?b?8NLJ18XU?=", "éПривет"),
        // RFC 2231 §5 language tag.
        ("=?utf-8*en?q?hello?=", "hello"),
        // Glued to text, which the RFC forbids and mailers produce.
        ("Re:=?utf-8?q?caf=C3=A9?=", "Re:café"),
        // Not encoded-words: kept as written.
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="),
        ("=?utf-8?q?open", "=?utf-8?q?open"),
        ("a =? b ?= c", "a =? b ?= c"),
        // Unknown charset: bytes read as UTF-8, else windows-1252.
        ("=?x-unknown?q?caf=E9?=", "café"),
        ("=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは"),
        ("=?shift_jis?B?grGC8YLJgr+CzQ==?=", "こんにちは"),
    ]

    @Test(arguments: cases.indices)
    func decodes(_ index: Int) {
        let (input, expected) = Self.cases[index]
        #expect(EncodedWord.decodeUnstructured(Array(input.utf8)) == expected, "\(input)")
    }

    @Test func subjectWithControlsStaysDecodable() {
        // The parser keeps what the sender wrote; removing controls is the cleaning step's job.
        let message = parse("Subject: =?utf-8?q?a=01b?=", "", "")
        #expect(message.subject == "a\u{01}b")
    }

    /// The finder the address tokenizer uses answers as `parse` does at every "=?" met left to right, though it
    /// searches each byte once, and reads a slice by its own indexes.
    @Test func finderAgreesWithParse() {
        var random = FuzzTests.Generator(state: 2_047)
        let pieces = ["=?", "?=", "utf-8", "?q?", "?B?", "a", "_", ",", " ", "\t", "?", "=", "=?utf-8?q?", "=?a?b?"]
        for _ in 0..<20_000 {
            var input = (0..<Int.random(in: 1...16, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            if Int.random(in: 0..<50, using: &random) == 0 { input += String(repeating: "x", count: 4_100) + "?=" }
            let bytes = Array(("=?" + input).utf8)
            var finder = EncodedWord.Finder(bytes[2...])  // a slice, as the address tokenizer reads
            for index in 2..<bytes.count where bytes[index] == ASCII.equals {
                #expect(finder.end(at: index) == EncodedWord.parse(bytes, at: index)?.end, "\(input) at \(index)")
            }
        }
    }
}
