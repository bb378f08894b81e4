import Domain
import Foundation
import MIME
import Notify
import Testing

@Suite struct NotificationEmailTests {
    static let event = NotificationEvent(
        id: "ev1", kind: .integrationDisabled, integrationID: "int1", integrationOwner: "ops",
        integrationName: "support", errorKind: "invalid_imap_credentials",
        text: "the IMAP server refused the login for alice: check the credentials; then re-enable it",
        detail: "NO [AUTHENTICATIONFAILED] Authentication failed.", createdAt: Date(timeIntervalSince1970: 1_736_158_500))

    static func delivery(_ event: NotificationEvent) -> NotificationDelivery {
        NotificationDelivery(id: "d1", channel: "email", event: event,
                             user: User(id: "u1", login: "ann", email: "ann@example.com", permissions: [.integrationsRead],
                                        createdAt: Date()), attempt: 1)
    }

    @Test func theMessageSaysWhatBrokeAndLinksTheIntegration() throws {
        let composer = NotificationEmail(from: "mailstream@example.com", baseURL: "https://mail.example.com/")
        let raw = composer.message(Self.delivery(Self.event), to: "ann@example.com",
                                   date: Date(timeIntervalSince1970: 1_736_158_500))
        let message = MIMEMessage(parsing: raw)
        #expect(message.subject == "Integration ops/support disabled: invalid_imap_credentials")
        #expect(message.messageID == "d1.ev1@example.com")
        #expect(message.headers["date"] == "Mon, 06 Jan 2025 10:15:00 +0000")
        #expect(message.to.map(\.address) == ["ann@example.com"])
        let text = message.root.decodedText().text
        #expect(text.contains("refused the login for alice"))
        #expect(text.contains("NO [AUTHENTICATIONFAILED]"))
        #expect(text.contains("https://mail.example.com/api/_private/integrations/ops/support"))
        let lines = String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "every line fits RFC 5322's 78")
    }

    @Test func aNonASCIISubjectBecomesEncodedWordsThatDecodeBack() throws {
        var event = Self.event
        event.integrationName = "säkerhet-" + String(repeating: "ü", count: 40) + "-日本"
        let raw = NotificationEmail(from: "m@example.com", baseURL: nil)
            .message(Self.delivery(event), to: "ann@example.com", date: Date())
        let header = String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        #expect(header.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(header.contains("=?UTF-8?B?"))
        for line in header.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(MIMEMessage(parsing: raw).subject == event.title)
    }

    @Test func headerValuesCannotInjectHeaders() {
        var event = Self.event
        event.integrationName = "x\r\nBcc: victim@example.com"
        let raw = String(decoding: NotificationEmail(from: "m@example.com", baseURL: nil)
            .message(Self.delivery(event), to: "ann@example.com", date: Date()), as: UTF8.self)
        #expect(!raw.contains("\r\nBcc:"))
    }
}
