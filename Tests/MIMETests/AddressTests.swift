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
        // List archives (Mailman's pipermail) write "@" as " at "; the trailing comment still names the sender.
        ("vondruch at redhat.com (Vít Ondruch)", [MailAddress(name: "Vít Ondruch", address: "vondruch@redhat.com")]),
        ("Jane <jane at mail.example.co.uk>", [MailAddress(name: "Jane", address: "jane@mail.example.co.uk")]),
        ("j.doe AT example.org, x@y.com", [MailAddress(address: "j.doe@example.org"), MailAddress(address: "x@y.com")]),
        // Whitespace and comments next to "." and "@" are obsolete syntax (RFC 5322 §4.4), not separate words.
        ("jdoe @ example . com", [MailAddress(address: "jdoe@example.com")]),
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

    /// Words that are no address stay as written, one space apart, and the field gets a warning; glued together
    /// ("userat example" → "useratexample") they would name an address that exists nowhere.
    static let unreadable: [(input: String, address: String)] = [
        ("user at example dot com", "user at example dot com"),
        ("foo at bar", "foo at bar"),
        ("x at -bad.example.com", "x at -bad.example.com"),
        ("Friends of Mailstream", "Friends of Mailstream"),
        ("a b@x.com", "a b@x.com"),
        ("a at b at c.com", "a at b at c.com"),
        ("Jane <jane at example>", "jane at example"),
        ("<a (comment) b@x.com>", "a b@x.com"),
    ]

    @Test(arguments: unreadable.indices)
    func wordsThatAreNoAddressAreKeptAsWritten(_ index: Int) {
        let (input, address) = Self.unreadable[index]
        var warnings: [ParseWarning] = []
        let parsed = AddressParser.parse(Array(input.utf8), field: "from", warnings: &warnings)
        #expect(parsed.map(\.address) == [address], "\(input)")
        #expect(warnings == [ParseWarning(.invalidAddress, "from")], "\(input)")
    }

    @Test func readableAddressesGiveNoWarning() {
        let inputs = ["vondruch at redhat.com (Vít Ondruch)", "Jane <jane@example.com>", "jdoe @ example . com", "<>"]
        for input in inputs {
            var warnings: [ParseWarning] = []
            _ = AddressParser.parse(Array(input.utf8), field: "to", warnings: &warnings)
            #expect(warnings.isEmpty, "\(input)")
        }
    }

    @Test func messageWarnsOncePerAddressField() {
        let message = parse(
            "From: vondruch at redhat.com (Vít Ondruch)", "To: a@x.com, Friends of Mailstream",
            "Cc: foo at bar", "Cc: baz at qux", "", "")
        #expect(message.from.map(\.address) == ["vondruch@redhat.com"])
        let warnings = message.allWarnings.filter { $0.kind == .invalidAddress }
        #expect(warnings == [ParseWarning(.invalidAddress, "to"), ParseWarning(.invalidAddress, "cc")])
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
