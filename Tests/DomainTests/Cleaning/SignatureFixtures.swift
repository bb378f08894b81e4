/// Message endings as people and their mail clients write them.
enum SignatureFixtures {
    typealias Fixture = SignatureSplitterTests.Fixture

    static let delimitersAndDevices: [Fixture] = [
        Fixture(
            name: "RFC 3676 delimiter",
            text: "Thanks for the update.\n\n-- \nJohn Smith\nContoso Ltd.\n",
            body: "Thanks for the update.",
            signature: "-- \nJohn Smith\nContoso Ltd."
        ),
        Fixture(
            name: "delimiter without its space, as HTML rendering leaves it",
            text: "See you at 3.\n--\nJane",
            body: "See you at 3.",
            signature: "--\nJane"
        ),
        Fixture(
            name: "RFC delimiter before a long signature",
            text: "Noted.\n-- \n" + (1...20).map { "Legal line \($0)" }.joined(separator: "\n"),
            body: "Noted.",
            signature: "-- \n" + (1...20).map { "Legal line \($0)" }.joined(separator: "\n")
        ),
        Fixture(
            name: "Sent from my iPhone",
            text: "Sure, I'll call you.\n\nSent from my iPhone",
            body: "Sure, I'll call you.",
            signature: "Sent from my iPhone"
        ),
        Fixture(
            name: "Get Outlook for Android",
            text: "On my way.\r\n\r\nGet Outlook for Android<https://aka.ms/AAb9ysg>\r\n",
            body: "On my way.",
            signature: "Get Outlook for Android<https://aka.ms/AAb9ysg>"
        ),
        Fixture(
            name: "Sent from Mail for Windows",
            text: "Attached is the form.\n\nSent from Mail for Windows 10\n",
            body: "Attached is the form.",
            signature: "Sent from Mail for Windows 10"
        ),
        Fixture(
            name: "German iPhone line",
            text: "Bin unterwegs, melde mich später.\n\nVon meinem iPhone gesendet",
            body: "Bin unterwegs, melde mich später.",
            signature: "Von meinem iPhone gesendet"
        ),
        Fixture(
            name: "closing before the device line wins when text is above it",
            text: "Will do.\n\nThanks,\nJane\n\nSent from my iPad",
            body: "Will do.",
            signature: "Thanks,\nJane\n\nSent from my iPad"
        ),
        Fixture(
            name: "device line when the closing is the whole message",
            text: "Thanks!\n\nJohn\n\nSent from my iPhone",
            body: "Thanks!\n\nJohn",
            signature: "Sent from my iPhone"
        ),
    ]

    static let closings: [Fixture] = [
        Fixture(
            name: "English closing with a business card",
            text: """
                Hi Jane,

                The contract is signed and attached.

                Best regards,
                John Smith
                Account Manager | Contoso Ltd.
                +1 555 0100
                www.contoso.com
                """,
            body: "Hi Jane,\n\nThe contract is signed and attached.",
            signature: "Best regards,\nJohn Smith\nAccount Manager | Contoso Ltd.\n+1 555 0100\nwww.contoso.com"
        ),
        Fixture(
            name: "German closing with address",
            text: """
                Hallo Frau Schmidt,

                anbei die Rechnung.

                Mit freundlichen Grüßen

                Hans Müller
                Vertrieb
                Beispiel GmbH
                Musterstraße 1, 12345 Berlin
                Tel. +49 30 1234567
                """,
            body: "Hallo Frau Schmidt,\n\nanbei die Rechnung.",
            signature: """
                Mit freundlichen Grüßen

                Hans Müller
                Vertrieb
                Beispiel GmbH
                Musterstraße 1, 12345 Berlin
                Tel. +49 30 1234567
                """
        ),
        Fixture(
            name: "French closing",
            text: "Bonjour,\n\nVoici le devis demandé.\n\nCordialement,\nPierre Martin\nExemple SARL",
            body: "Bonjour,\n\nVoici le devis demandé.",
            signature: "Cordialement,\nPierre Martin\nExemple SARL"
        ),
        Fixture(
            name: "Spanish closing",
            text: "Hola Ana,\n\nTe confirmo la reunión del martes.\n\nSaludos,\nCarlos",
            body: "Hola Ana,\n\nTe confirmo la reunión del martes.",
            signature: "Saludos,\nCarlos"
        ),
        Fixture(
            name: "Dutch closing",
            text: "Beste Pieter,\n\nDe offerte volgt morgen.\n\nMet vriendelijke groet,\n\nJan de Boer\nVoorbeeld B.V.",
            body: "Beste Pieter,\n\nDe offerte volgt morgen.",
            signature: "Met vriendelijke groet,\n\nJan de Boer\nVoorbeeld B.V."
        ),
        Fixture(
            name: "closing and name on one line",
            text: "Can we move the call to 4pm?\n\nThanks, Jane",
            body: "Can we move the call to 4pm?",
            signature: "Thanks, Jane"
        ),
        Fixture(
            name: "closing earlier than the delimiter",
            text: "Approved.\n\nBest,\nJohn\n-- \nJohn Smith | Contoso Ltd.",
            body: "Approved.",
            signature: "Best,\nJohn\n-- \nJohn Smith | Contoso Ltd."
        ),
        Fixture(
            name: "last closing starts the signature",
            text: "Thanks!\nThe numbers are fine.\n\nCheers\nJane",
            body: "Thanks!\nThe numbers are fine.",
            signature: "Cheers\nJane"
        ),
    ]

    static let names: [Fixture] = [
        Fixture(
            name: "sender's first name",
            text: "Can you resend the file?\n\nJane",
            senderName: "Jane Doe",
            body: "Can you resend the file?",
            signature: "Jane"
        ),
        Fixture(
            name: "Outlook's Last, First display name",
            text: "Please review.\n\nJane Doe\nHead of Finance\nExample Corp.",
            senderName: "Doe, Jane",
            body: "Please review.",
            signature: "Jane Doe\nHead of Finance\nExample Corp."
        ),
        Fixture(
            name: "dash before the name and diacritics ignored",
            text: "Llego tarde.\n\n- Jose",
            senderName: "\"José García\"",
            body: "Llego tarde.",
            signature: "- Jose"
        ),
        Fixture(
            name: "name before a device line",
            text: "Thanks!\n\nJohn\n\nSent from my iPhone",
            senderName: "John Smith",
            body: "Thanks!",
            signature: "John\n\nSent from my iPhone"
        ),
        Fixture(
            name: "name rule needs the sender",
            text: "Can you resend the file?\n\nJane",
            body: "Can you resend the file?\n\nJane",
            signature: nil
        ),
    ]

    /// Texts that must come back whole with no signature.
    static let unsplittable: [String] = [
        "",
        "Best regards,\nJohn",
        "Sent from my iPhone",
        "Thanks for the help with the report yesterday.",
        "Thanks\n\n" + (1...10).map { "Line \($0) of the actual message." }.joined(separator: "\n"),
        "Please call me.\n\nRegards,\nJohn\n" + String(repeating: "This disclaimer line is far too long ", count: 4),
        "Part one\n--\n" + (1...16).map { "Section line \($0)" }.joined(separator: "\n"),
        "Thanks, that works for me.",
        "I sent from my laptop yesterday.\nPlease check.",
    ]
}
