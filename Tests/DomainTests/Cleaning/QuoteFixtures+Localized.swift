extension QuoteFixtures {
    static let localized: [Fixture] = [
        Fixture(
            name: "German Outlook reply",
            body: """
                Hallo Jane,

                danke für die Unterlagen. Ich melde mich morgen.

                Viele Grüße
                Hans

                Von: Jane Doe <jane@example.com>
                Gesendet: Montag, 6. Januar 2025 10:15
                An: Hans Müller <hans@beispiel.de>
                Betreff: AW: Angebot

                Hallo Hans, anbei das Angebot.
                """,
            newest: "Hallo Jane,\n\ndanke für die Unterlagen. Ich melde mich morgen.\n\nViele Grüße\nHans",
            quoted: """
                Von: Jane Doe <jane@example.com>
                Gesendet: Montag, 6. Januar 2025 10:15
                An: Hans Müller <hans@beispiel.de>
                Betreff: AW: Angebot

                Hallo Hans, anbei das Angebot.
                """
        ),
        Fixture(
            name: "French Outlook reply with non-breaking spaces before colons",
            body: "Merci, c’est noté.\n\nDe\u{A0}: Jane Doe <jane@example.com>\nEnvoyé\u{A0}: lundi 6 janvier 2025 "
                + "10:15\nÀ\u{A0}: Pierre Martin <pierre@exemple.fr>\nObjet\u{A0}: RE: Devis",
            newest: "Merci, c’est noté.",
            quoted: "De\u{A0}: Jane Doe <jane@example.com>\nEnvoyé\u{A0}: lundi 6 janvier 2025 10:15\n"
                + "À\u{A0}: Pierre Martin <pierre@exemple.fr>\nObjet\u{A0}: RE: Devis"
        ),
        Fixture(
            name: "Spanish Outlook reply",
            body: """
                Perfecto, gracias.

                De: Jane Doe <jane@example.com>
                Enviado el: lunes, 6 de enero de 2025 10:15
                Para: Carlos García <carlos@ejemplo.es>
                Asunto: RE: Pedido
                """,
            newest: "Perfecto, gracias.",
            quoted: """
                De: Jane Doe <jane@example.com>
                Enviado el: lunes, 6 de enero de 2025 10:15
                Para: Carlos García <carlos@ejemplo.es>
                Asunto: RE: Pedido
                """
        ),
        Fixture(
            name: "Dutch Outlook reply after underscores",
            body: """
                Prima, dank je.

                ________________________________
                Van: Jane Doe <jane@example.com>
                Verzonden: maandag 6 januari 2025 10:15
                Aan: Pieter de Vries <pieter@voorbeeld.nl>
                Onderwerp: RE: Offerte
                """,
            newest: "Prima, dank je.",
            quoted: """
                ________________________________
                Van: Jane Doe <jane@example.com>
                Verzonden: maandag 6 januari 2025 10:15
                Aan: Pieter de Vries <pieter@voorbeeld.nl>
                Onderwerp: RE: Offerte
                """
        ),
        Fixture(
            name: "German Gmail attribution",
            body: "Passt.\n\nAm Mo., 6. Jan. 2025 um 10:15 Uhr schrieb Jane Doe <jane@example.com>:\n> Dienstag?",
            newest: "Passt.",
            quoted: "Am Mo., 6. Jan. 2025 um 10:15 Uhr schrieb Jane Doe <jane@example.com>:\n> Dienstag?"
        ),
        Fixture(
            name: "French Gmail attribution",
            body: "D’accord.\n\nLe lun. 6 janv. 2025 à 10:15, Jane Doe <jane@example.com> a écrit :\n> Mardi ?",
            newest: "D’accord.",
            quoted: "Le lun. 6 janv. 2025 à 10:15, Jane Doe <jane@example.com> a écrit :\n> Mardi ?"
        ),
        Fixture(
            name: "Spanish Gmail attribution",
            body: "Vale.\n\nEl lun, 6 ene 2025 a las 10:15, Jane Doe (<jane@example.com>) escribió:\n> ¿Martes?",
            newest: "Vale.",
            quoted: "El lun, 6 ene 2025 a las 10:15, Jane Doe (<jane@example.com>) escribió:\n> ¿Martes?"
        ),
        Fixture(
            name: "Dutch Gmail attribution wrapped",
            body: "Goed.\n\nOp ma 6 jan. 2025 om 10:15 schreef Jane Doe\n<jane@example.com>:\n\n> Dinsdag?",
            newest: "Goed.",
            quoted: "Op ma 6 jan. 2025 om 10:15 schreef Jane Doe\n<jane@example.com>:\n\n> Dinsdag?"
        ),
    ]

    static let forwards: [Fixture] = [
        Fixture(
            name: "Gmail forward with a note",
            body: """
                FYI, see below.

                ---------- Forwarded message ---------
                From: Jane Doe <jane@example.com>
                Date: Mon, Jan 6, 2025 at 10:15 AM
                Subject: Q4 numbers
                To: John Smith <john@contoso.com>

                Here are the numbers.
                """,
            newest: "FYI, see below.",
            quoted: """
                ---------- Forwarded message ---------
                From: Jane Doe <jane@example.com>
                Date: Mon, Jan 6, 2025 at 10:15 AM
                Subject: Q4 numbers
                To: John Smith <john@contoso.com>

                Here are the numbers.
                """
        ),
        Fixture(
            name: "Apple Mail forward",
            body: "Look at this.\n\nBegin forwarded message:\n\nFrom: Jane Doe <jane@example.com>\nSubject: Offer",
            newest: "Look at this.",
            quoted: "Begin forwarded message:\n\nFrom: Jane Doe <jane@example.com>\nSubject: Offer"
        ),
        Fixture(
            name: "Thunderbird forward",
            body: "Forwarding.\n\n-------- Forwarded Message --------\nSubject: Offer\nDate: Mon, 6 Jan 2025",
            newest: "Forwarding.",
            quoted: "-------- Forwarded Message --------\nSubject: Offer\nDate: Mon, 6 Jan 2025"
        ),
        Fixture(
            name: "Thunderbird reply banner",
            body: "Right.\n\n-------- Original Message --------\nSubject: Offer",
            newest: "Right.",
            quoted: "-------- Original Message --------\nSubject: Offer"
        ),
        Fixture(
            name: "German forward banner",
            body: "Zur Info.\n\n----- Weitergeleitete Nachricht -----\nVon: Jane Doe <jane@example.com>",
            newest: "Zur Info.",
            quoted: "----- Weitergeleitete Nachricht -----\nVon: Jane Doe <jane@example.com>"
        ),
    ]

    /// Bodies that must come back whole with nothing quoted.
    static let unsplittable: [String] = [
        // A bare forward: splitting would leave nothing as the newest message.
        """
        ---------- Forwarded message ---------
        From: Jane Doe <jane@example.com>
        Date: Mon, Jan 6, 2025 at 10:15 AM
        Subject: Q4 numbers
        To: John Smith <john@contoso.com>

        Here are the numbers.
        """,
        // Interleaved reply: the answers below the quotes are the newest message.
        """
        Hi Jane, answers inline.

        > Can you send the report?

        Yes, attached.

        > And the numbers for Q4?

        They are in the second tab.

        John
        """,
        // Interleaved below an attribution.
        """
        See inline.

        On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com> wrote:
        > Can you send the report?

        Yes, attached.
        """,
        "> Only quoted text\n> and nothing else",
        "Just a short note with no thread.\n\nJohn",
        "On reflection, I wrote the wrong date:\n2025-01-07 is correct.",
        "From: the finance team's point of view, this is fine.\nTo be clear, we agree.",
        "Notes\n____________________\nMore text below a drawn line.",
        "",
    ]
}
