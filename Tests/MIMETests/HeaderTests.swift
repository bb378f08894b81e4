import Testing
@testable import MIME

/// RFC 5322 §2.2 header fields: unfolding, duplicates, 8-bit bytes, odd names, the end of the header block.
@Suite struct HeaderTests {
    @Test func unfoldsContinuationLines() {
        let message = parse("Subject: a long", "\tsubject line", "  continued", "", "body")
        #expect(message.subject == "a long\tsubject line  continued")
        #expect(String(decoding: message.root.body, as: UTF8.self) == "body")
    }

    @Test func acceptsBareLineFeeds() {
        let message = MIMEParser().parse(Array("Subject: one\n two\nFrom: a@b.c\n\nbody\n".utf8))
        #expect(message.subject == "one two")
        #expect(message.from.first?.address == "a@b.c")
        #expect(String(decoding: message.root.body, as: UTF8.self) == "body\n")
    }

    @Test func firstOfDuplicatedHeadersWinsAndIsReported() {
        let message = parse("Subject: first", "Subject: second", "", "")
        #expect(message.subject == "first")
        #expect(message.headers.all("SUBJECT").count == 2)
        #expect(message.allWarnings.contains(ParseWarning(.duplicateHeader, "subject")))
    }

    @Test func readsRaw8BitHeadersAsUTF8ThenWindows1252() {
        var bytes = Array("Subject: Grüße\r\nX-Latin: ".utf8)
        bytes += [0x63, 0x61, 0x66, 0xE9]
        bytes += Array("\r\n\r\n".utf8)
        let message = MIMEParser().parse(bytes)
        #expect(message.subject == "Grüße")
        #expect(message.headers["x-latin"] == "café")
        #expect(message.allWarnings.contains(ParseWarning(.unencoded8BitHeader, "subject")))
    }

    @Test func skipsMboxFromLineAndAllowsBlanksBeforeColon() {
        let message = parse("From sender@example.com Mon Jan  6 10:15:00 2025", "Subject : spaced", "", "x")
        #expect(message.subject == "spaced")
        #expect(message.headers.count == 1)
    }

    @Test func lineThatIsNotAHeaderStartsTheBody() {
        let message = parse("Subject: s", "this is not a header", "more", "")
        #expect(message.subject == "s")
        #expect(String(decoding: message.root.body, as: UTF8.self).hasPrefix("this is not a header"))
        #expect(message.warnings.contains { $0.kind == .missingHeaderBodySeparator })
    }

    @Test func messageWithoutBodyOrBlankLine() {
        let message = parse("Subject: only headers")
        #expect(message.subject == "only headers")
        #expect(message.root.body.isEmpty)
    }

    @Test func continuationBeforeAnyFieldIsIgnoredWithAWarning() {
        let message = parse("  stray", "Subject: s", "", "")
        #expect(message.subject == "s")
        #expect(message.warnings.contains { $0.kind == .headerContinuationFirst })
    }

    @Test func messageIdentifiers() {
        let message = parse(
            "Message-ID: <abc.123@example.com> (comment)",
            "In-Reply-To: <parent@example.com>",
            "References: <root@example.com>",
            "\t<parent@example.com> junk",
            "", ""
        )
        #expect(message.messageID == "abc.123@example.com")
        #expect(message.inReplyTo == ["parent@example.com"])
        #expect(message.references == ["root@example.com", "parent@example.com"])
    }
}
