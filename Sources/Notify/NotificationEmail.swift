import Domain
import Foundation

/// The email a notification becomes: what broke, which integration and mailbox, the error text and what to do, a
/// link to the integration; RFC 5322 headers (Date, Message-ID, From, To, Subject in RFC 2047 encoded words when
/// it isn't ASCII, Auto-Submitted per RFC 3834) and a UTF-8 text body in base64. Pure: no I/O.
public struct NotificationEmail: Sendable {
    public let from: String
    public let baseURL: String?

    public init(from: String, baseURL: String?) {
        self.from = from
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The message for `delivery`, CRLF line ends throughout.
    public func message(_ delivery: NotificationDelivery, to address: String, date: Date) -> [UInt8] {
        let event = delivery.event
        let domain = from.split(separator: "@").last.map(String.init) ?? "mailstream.invalid"
        let headers = [
            "Date: \(Self.rfc5322Date(date))",
            // Stable for the delivery: a retry carries the same id, so a reader's client can tell a repeat.
            "Message-ID: <\(delivery.id).\(event.id)@\(Self.headerSafe(domain))>",
            "From: Mailstream <\(Self.headerSafe(from))>",
            "To: \(Self.headerSafe(address))",
            "Subject: " + Self.encodedHeaderText(event.title, offset: "Subject: ".count),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "X-Mailstream-Event: \(event.kind.rawValue)",
        ]
        let body = Self.base64Lines(Array(text(event).utf8))
        return Array((headers.joined(separator: "\r\n") + "\r\n\r\n" + body.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The body, for people.
    public func text(_ event: NotificationEvent) -> String {
        var lines = [event.title, ""]
        lines.append("What happened and what to do: \(event.text)")
        lines.append("")
        if let webhook = event.webhook {
            lines += webhookLines(event, webhook)
        } else {
            lines += integrationLines(event)
        }
        return lines.joined(separator: "\n").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    private func integrationLines(_ event: NotificationEvent) -> [String] {
        let owner = event.integrationOwner ?? "?"
        let name = event.integrationName ?? "?"
        var lines = ["Integration: \(owner)/\(name)"]
        if let mailbox = event.mailboxEmail ?? event.mailboxID { lines.append("Mailbox: \(mailbox)") }
        if let kind = event.errorKind { lines.append("Error: \(kind)") }
        if let detail = event.detail { lines.append("The server's answer: \(detail.prefix(2_000))") }
        lines.append("When: \(JSONCoding.format(event.createdAt))")
        if let baseURL {
            lines.append("")
            lines.append("The integration: \(baseURL)/api/_private/integrations/\(Self.pathSegment(owner))/"
                + Self.pathSegment(name))
        }
        lines.append("")
        lines.append("You get this because you may view the integrations of project \(owner). "
            + "To stop: PUT /api/_private/notifications/subscriptions (per integration or for all).")
        return lines
    }

    /// A stream's webhook target disabled: which stream, which URL (never its query string), since when it
    /// failed, the last error and how to re-enable it.
    private func webhookLines(_ event: NotificationEvent, _ webhook: NotificationEvent.WebhookSubject) -> [String] {
        var lines = ["Stream: \(webhook.streamPath)", "Webhook target: \(webhook.url)",
                     "Failing since: \(JSONCoding.format(webhook.failingSince)) (\(webhook.failedAttempts) attempts)"]
        if let detail = event.detail { lines.append("Last error: \(detail.prefix(2_000))") }
        lines.append("Disabled: \(JSONCoding.format(event.createdAt))")
        lines.append("")
        lines.append("To re-enable it: POST \((baseURL ?? "") + webhook.enablePath)")
        lines.append("")
        lines.append("You get this because you may manage the streams of project \(webhook.datasetOwner) "
            + "(triggers-write). To stop: PUT /api/_private/notifications/subscriptions with \"all\": false.")
        return lines
    }

    /// RFC 5322 §3.3, in UTC: "Mon, 06 Jan 2025 10:15:00 +0000".
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// Unstructured header text (RFC 5322 §2.2.1): printable ASCII as it is, folded before 78 characters; anything
    /// else as RFC 2047 "B" encoded words of UTF-8, each at most 75 characters (§2) and never splitting a
    /// character (§5: each word decodes on its own). Control characters become spaces (no header injection).
    static func encodedHeaderText(_ text: String, offset: Int) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return fold(clean, offset: offset) }
        var words: [String] = []
        var chunk: [UInt8] = []
        // The first word shares its line with the header's name; each later one follows a folding space.
        var limit = max(3, (78 - offset - 12) / 4 * 3)
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > limit, !chunk.isEmpty {  // 45 bytes → 60 base64 characters + 12 = 72
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
                limit = 45
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Folds at spaces so that no line passes 78 characters where a space allows it.
    static func fold(_ text: String, offset: Int) -> String {
        var lines: [String] = []
        var line = ""
        var limit = 78 - offset
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if candidate.count > limit, !line.isEmpty {
                lines.append(line)
                line = String(word)
                limit = 77  // a continuation line starts with the folding space
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n ")
    }

    /// Removes what could end a header line or start another.
    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }

    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let encoded = Data(bytes).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let end = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<end])
        }
    }

    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
