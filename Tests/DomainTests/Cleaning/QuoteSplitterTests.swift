import Domain
import Testing

struct QuoteSplitterTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var newest: String
        var quoted: String?
        var testDescription: String { name }
    }

    @Test(arguments: QuoteFixtures.replies + QuoteFixtures.localized + QuoteFixtures.forwards)
    func splitsAtTheFirstMarker(_ fixture: Fixture) {
        let split = QuoteSplitter.split(fixture.body)
        #expect(split.newest == fixture.newest)
        #expect(split.quoted == fixture.quoted)
    }

    @Test(arguments: QuoteFixtures.unsplittable)
    func keepsTheWholeBody(_ body: String) {
        #expect(QuoteSplitter.split(body) == QuoteSplit(newest: body, quoted: nil))
    }

    @Test func normalisesLineEndings() {
        let body = "Thanks!\r\n\r\nOn Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com> wrote:\r\n> Hi\r\n"
        let expected = QuoteSplit(
            newest: "Thanks!",
            quoted: "On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com> wrote:\n> Hi"
        )
        #expect(QuoteSplitter.split(body) == expected)
    }

    @Test func worksOnRenderedOutlookHTML() {
        let html = """
            <p class=MsoNormal>Approved.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class=MsoNormal><b>From:</b> Jane Doe \
            &lt;jane@example.com&gt;<br><b>Sent:</b> Monday, January 6, 2025 10:15 AM<br><b>To:</b> John \
            &lt;john@contoso.com&gt;<br><b>Subject:</b> Budget<o:p></o:p></p></div><p>Please approve.</p>
            """
        let split = QuoteSplitter.split(HTMLText.render(html))
        #expect(split.newest == "Approved.")
        #expect(split.quoted?.hasPrefix("From: Jane Doe <jane@example.com>\nSent: Monday") == true)
        #expect(split.quoted?.hasSuffix("Subject: Budget\n\nPlease approve.") == true)
    }

    @Test func longBodiesStayFast() {
        let line = "This line is not a quote marker, just a long body with > signs and From: words.\n"
        let body = String(repeating: line, count: 10_000) + "\nOn Mon, Jan 6, 2025 Jane wrote:\n> old"
        let clock = ContinuousClock()
        var split = QuoteSplit(newest: "", quoted: nil)
        let elapsed = clock.measure { split = QuoteSplitter.split(body) }
        #expect(split.quoted == "On Mon, Jan 6, 2025 Jane wrote:\n> old")
        #expect(elapsed < .seconds(5))
    }
}
