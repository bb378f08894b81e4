import Testing
@testable import MIME

/// RFC 5322 §3.4 address lists, and the obsolete and broken forms of §4.4 and of real mail.
@Suite struct AddressTests {
    static let cases: [(input: String, expected: [MailAddress])] = [
        ("jane@example.com", [MailAddress(address: "jane@example.com")]),
        ("Jane Doe <jane@example.com>", [MailAddress(name: "Jane Doe", address: "jane@example.com")]),
        ("\"Doe, Jane\" <jane@example.com>, bob@example.com", [
            MailAddress(name: "Doe, Jane", address: "jane@example.com"), MailAddress(address: "bob@example.com"),
        ]),
        ("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>",
         [MailAddress(name: "Jürgen Müller", address: "jm@example.de")]),
        ("\"=?utf-8?b?5bGx55Sw?=\" <yamada@example.jp>", [MailAddress(name: "山田", address: "yamada@example.jp")]),
        ("jdoe@example.com (John Doe)", [MailAddress(name: "John Doe", address: "jdoe@example.com")]),
        ("<@route.example:jane@example.com>", [MailAddress(address: "jane@example.com")]),
        ("Team: a@x.com, B <b@x.com>;, c@y.com", [
            MailAddress(address: "a@x.com", group: "Team"), MailAddress(name: "B", address: "b@x.com", group: "Team"),
            MailAddress(address: "c@y.com"),
        ]),
        ("undisclosed-recipients:;", []),
        ("a@x.com,, ,b@x.com,", [MailAddress(address: "a@x.com"), MailAddress(address: "b@x.com")]),
        ("A <a@x.com> B <b@x.com>", [MailAddress(name: "A", address: "a@x.com"), MailAddress(name: "B", address: "b@x.com")]),
        ("John Q. Public <jqp@example.com>", [MailAddress(name: "John Q. Public", address: "jqp@example.com")]),
        ("\"quoted\\\"name\" <q@x.com>", [MailAddress(name: "quoted\"name", address: "q@x.com")]),
        ("<>", [MailAddress(address: "")]),
        // An encoded-word with a comma in a display name is one word, not the end of a mailbox.
        ("=?utf-8?q?et_en_plus,_en?= local <a@b.com>", [MailAddress(name: "et en plus, en local", address: "a@b.com")]),
        ("b@c.com (=?utf-8?q?et_en_plus,_en?= local )",
         [MailAddress(name: "et en plus, en local", address: "b@c.com")]),
    ]

    @Test(arguments: cases.indices)
    func parses(_ index: Int) {
        let (input, expected) = Self.cases[index]
        #expect(AddressParser.parse(Array(input.utf8)) == expected, "\(input)")
    }

    @Test func domainIsLowercased() {
        #expect(MailAddress(address: "Jane@Example.COM").domain == "example.com")
        #expect(MailAddress(address: "nodomain").domain == nil)
    }

    @Test func repeatedToHeadersAreJoined() {
        let message = parse("To: a@x.com", "To: b@x.com, c@x.com", "", "")
        #expect(message.to.map(\.address) == ["a@x.com", "b@x.com", "c@x.com"])
    }
}
