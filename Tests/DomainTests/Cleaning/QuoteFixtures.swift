/// Plain-text bodies as mail clients produce them, and how they split.
enum QuoteFixtures {
    typealias Fixture = QuoteSplitterTests.Fixture

    static let replies: [Fixture] = [
        Fixture(
            name: "Outlook reply with underscore separator",
            body: """
                Hi Jane,

                Thanks, the numbers look right. I’ll send the signed copy tomorrow.

                Best regards,
                John Smith

                Get Outlook for iOS<https://aka.ms/o0ukef>
                ________________________________
                From: Jane Doe <jane@example.com>
                Sent: Monday, January 6, 2025 10:15 AM
                To: John Smith <john@contoso.com>
                Subject: RE: Q4 invoice

                Hi John, could you confirm the totals?
                """,
            newest: """
                Hi Jane,

                Thanks, the numbers look right. I’ll send the signed copy tomorrow.

                Best regards,
                John Smith

                Get Outlook for iOS<https://aka.ms/o0ukef>
                """,
            quoted: """
                ________________________________
                From: Jane Doe <jane@example.com>
                Sent: Monday, January 6, 2025 10:15 AM
                To: John Smith <john@contoso.com>
                Subject: RE: Q4 invoice

                Hi John, could you confirm the totals?
                """
        ),
        Fixture(
            name: "Outlook reply rendered from HTML, header block only",
            body: """
                Approved, go ahead.

                From: Jane Doe <jane@example.com>
                Sent: Monday, January 6, 2025 10:15 AM
                To: John Smith <john@contoso.com>
                Cc: Finance <finance@contoso.com>
                Subject: Budget request
                """,
            newest: "Approved, go ahead.",
            quoted: """
                From: Jane Doe <jane@example.com>
                Sent: Monday, January 6, 2025 10:15 AM
                To: John Smith <john@contoso.com>
                Cc: Finance <finance@contoso.com>
                Subject: Budget request
                """
        ),
        Fixture(
            name: "Outlook plain text with Original Message banner",
            body: """
                Please see attached.   \n\n
                -----Original Message-----
                From: Jane Doe [mailto:jane@example.com]
                Sent: Monday, January 06, 2025 10:15 AM
                To: John Smith
                Subject: Report
                """,
            newest: "Please see attached.",
            quoted: """
                -----Original Message-----
                From: Jane Doe [mailto:jane@example.com]
                Sent: Monday, January 06, 2025 10:15 AM
                To: John Smith
                Subject: Report
                """
        ),
        Fixture(
            name: "Outlook header with bold markers and wrapped recipients",
            body: """
                Noted.

                *From:* Jane Doe <jane@example.com>
                *Sent:* Monday, January 6, 2025 10:15 AM
                *To:* John Smith <john@contoso.com>; Alice Example <alice@example.com>;
                Bob Example <bob@example.com>
                *Subject:* Plan
                """,
            newest: "Noted.",
            quoted: """
                *From:* Jane Doe <jane@example.com>
                *Sent:* Monday, January 6, 2025 10:15 AM
                *To:* John Smith <john@contoso.com>; Alice Example <alice@example.com>;
                Bob Example <bob@example.com>
                *Subject:* Plan
                """
        ),
        Fixture(
            name: "Gmail reply",
            body: """
                Sounds good, see you then.

                Jane

                On Mon, Jan 6, 2025 at 10:15 AM John Smith <john@contoso.com> wrote:

                > Can we meet on Tuesday?
                >
                > John
                """,
            newest: "Sounds good, see you then.\n\nJane",
            quoted: """
                On Mon, Jan 6, 2025 at 10:15 AM John Smith <john@contoso.com> wrote:

                > Can we meet on Tuesday?
                >
                > John
                """
        ),
        Fixture(
            name: "Gmail reply with attribution wrapped over two lines",
            body: """
                Sounds good.

                On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com>
                wrote:

                > Can we meet on Tuesday?
                """,
            newest: "Sounds good.",
            quoted: """
                On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com>
                wrote:

                > Can we meet on Tuesday?
                """
        ),
        Fixture(
            name: "Gmail attribution wrapped inside the address",
            body: """
                Yes.

                On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <
                jane@example.com> wrote:
                > Tuesday?
                """,
            newest: "Yes.",
            quoted: "On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <\njane@example.com> wrote:\n> Tuesday?"
        ),
        Fixture(
            name: "Apple Mail reply",
            body: """
                Works for me.

                Sent from my iPhone

                > On 6 Jan 2025, at 10:15, Jane Doe <jane@example.com> wrote:
                >
                > Lunch on Friday?
                """,
            newest: "Works for me.\n\nSent from my iPhone",
            quoted: "> On 6 Jan 2025, at 10:15, Jane Doe <jane@example.com> wrote:\n>\n> Lunch on Friday?"
        ),
        Fixture(
            name: "Apple Mail reply with unquoted attribution",
            body: """
                Works for me.

                On 6 Jan 2025, at 10:15, Jane Doe <jane@example.com> wrote:

                > Lunch on Friday?
                """,
            newest: "Works for me.",
            quoted: "On 6 Jan 2025, at 10:15, Jane Doe <jane@example.com> wrote:\n\n> Lunch on Friday?"
        ),
        Fixture(
            name: "attribution without a date above the quote block",
            body: "Yes, Thursday.\n\nJane Doe <jane@example.com> wrote:\n> Which day works?",
            newest: "Yes, Thursday.",
            quoted: "Jane Doe <jane@example.com> wrote:\n> Which day works?"
        ),
        Fixture(
            name: "bottom quote block with signature after it",
            body: """
                Agreed.

                  > Shall we ship on Friday?
                  > Jane

                --\u{20}
                John Smith
                """,
            newest: "Agreed.",
            quoted: "  > Shall we ship on Friday?\n  > Jane\n\n-- \nJohn Smith"
        ),
        Fixture(
            name: "interleaved reply followed by the full thread",
            body: """
                > Can you send the report?
                Attached.

                On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com> wrote:
                > Can you send the report?
                > Thanks
                """,
            newest: "> Can you send the report?\nAttached.",
            quoted: """
                On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com> wrote:
                > Can you send the report?
                > Thanks
                """
        ),
    ]
}
