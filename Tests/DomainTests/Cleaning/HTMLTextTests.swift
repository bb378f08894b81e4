import Domain
import Testing

struct HTMLTextTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var html: String
        var text: String
        var testDescription: String { name }
    }

    @Test(arguments: HTMLTextFixtures.mail + HTMLTextFixtures.structure + HTMLTextFixtures.entities)
    func renders(_ fixture: Fixture) {
        #expect(HTMLText.render(fixture.html) == fixture.text)
    }

    @Test(arguments: [
        ("", ""),
        ("   \n\t ", ""),
        ("plain text, no tags", "plain text, no tags"),
        ("a < b and c > d", "a < b and c > d"),
        ("<p>unclosed <b>bold <i>italic", "unclosed bold italic"),
        ("<div>text<a href=\"https://x.example\"", "text"),
        ("<p title='never closed>lost", ""),
        ("before<!-- unterminated comment", "before"),
        ("x<script>never closed", "x"),
        ("</p></div></ul>stray end tags</li>", "stray end tags"),
        ("<>empty tag<  p>", "<>empty tag< p>"),
        ("<ScRiPt>alert(1)</sCrIpT >Shown<STYLE>a{}</STYLE>", "Shown"),
        ("<script>document.write('</scr' + 'ipt>')</script>after", "after"),
    ])
    func toleratesBrokenHTML(_ html: String, _ text: String) {
        #expect(HTMLText.render(html) == text)
    }

    @Test func rendersOneMegabyteInLinearTime() {
        // Quadratic behaviour would show up as seconds here; the linear pass takes milliseconds.
        let row = "<tr><td>Item &amp; <b>bold</b></td><td><a href=\"https://example.com/a\">link</a></td></tr>\n"
        let html = "<table>" + String(repeating: row, count: 1_048_576 / row.utf8.count) + "</table>"
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = HTMLText.render(html) }
        #expect(text.hasPrefix("Item & bold | link (https://example.com/a)\nItem & bold"))
        #expect(elapsed < .seconds(5))

        let unclosed = String(repeating: "<a href='https://example.com'>x ", count: 30_000)
        let unclosedElapsed = clock.measure { text = HTMLText.render(unclosed) }
        #expect(text.hasPrefix("x (https://example.com) x (https://example.com)"))
        #expect(unclosedElapsed < .seconds(5))

        let brackets = String(repeating: "<", count: 1_000_000)
        let bracketsElapsed = clock.measure { text = HTMLText.render(brackets) }
        #expect(text.utf8.count == 1_000_000)
        #expect(bracketsElapsed < .seconds(5))
    }
}
