/// Finds where the newest message of a reply or forward ends and the quoted thread begins.
///
/// Line-based, on plain text (render HTML with ``HTMLText`` first). Recognised, in the order they appear:
/// Outlook header blocks (`From:` with `Sent:`/`Date:` and `To:`/`Subject:` close below it, in English, German,
/// French, Spanish, Dutch, Italian and Portuguese), the same after Outlook's line of underscores,
/// `-----Original Message-----` and forwarding markers, `On … wrote:` attributions (also wrapped over up to
/// three lines, and localised), and a block of `>`-quoted lines at the end.
///
/// Interleaved replies keep their text: a `>` block, or an attribution followed by one, only splits the body
/// when no unquoted text other than a `-- ` or "Sent from my …" signature follows the quotes.
public enum QuoteSplitter {
    /// Splits `body` at the first quote marker.
    ///
    /// When the newest part would be empty, such as a bare forward, the whole body is returned as `newest` with
    /// `quoted` nil, so callers never lose the only text there is. Line endings in the parts become LF.
    public static func split(_ body: String) -> QuoteSplit {
        let lines = TextLines.split(body)
        let lastContent = lastContentIndex(in: lines)
        var index = 0
        while index < lines.count {
            let quoted = TextLines.isQuoted(lines[index])
            if let marker = QuoteMarker.detect(in: lines, at: index) {
                if shouldSplit(at: index, marker: marker, quoted: quoted, lines: lines, lastContent: lastContent) {
                    return split(lines, at: index) ?? QuoteSplit(newest: body, quoted: nil)
                }
                index += marker.lineCount
                continue
            }
            if quoted && lastContent < index {
                let start = attributionLine(before: index, in: lines) ?? index
                return split(lines, at: start) ?? QuoteSplit(newest: body, quoted: nil)
            }
            index += 1
        }
        return bottomPostedReply(lines) ?? QuoteSplit(newest: body, quoted: nil)
    }

    /// A reply written below the quote (Thunderbird's and mailing-list style): an optional attribution, one `>`
    /// block, then unquoted text with no quotes after it. The text below is the newest message.
    private static func bottomPostedReply(_ lines: [Substring]) -> QuoteSplit? {
        guard let first = lines.firstIndex(where: { !TextLines.isBlank($0) }) else { return nil }
        var index = first
        if case .attribution(let lineCount)? = QuoteMarker.detect(in: lines, at: first) { index += lineCount }
        guard let quoteStart = lines[index...].firstIndex(where: { !TextLines.isBlank($0) }),
              TextLines.isQuoted(lines[quoteStart]) else { return nil }
        guard let replyStart = lines[quoteStart...].firstIndex(where: {
            !TextLines.isBlank($0) && !TextLines.isQuoted($0)
        }), !lines[replyStart...].contains(where: TextLines.isQuoted) else { return nil }
        let newest = TextLines.join(lines[replyStart...])
        guard !newest.isEmpty else { return nil }
        return QuoteSplit(newest: newest, quoted: TextLines.join(lines[first..<replyStart]))
    }

    private static func shouldSplit(
        at index: Int, marker: QuoteMarker, quoted: Bool, lines: [Substring], lastContent: Int
    ) -> Bool {
        // A marker inside a `>` block is only the end of the message if nothing the sender wrote comes after.
        if quoted { return lastContent < index }
        guard case .attribution(let lineCount) = marker else { return true }
        let afterAttribution = index + lineCount
        let next = lines[afterAttribution...].firstIndex(where: { !TextLines.isBlank($0) })
        guard let next, TextLines.isQuoted(lines[next]) else {
            // Quotes rendered from HTML have no `>`: what follows the attribution is the quoted message.
            return true
        }
        return lastContent < afterAttribution
    }

    /// A line such as "Jane Doe <jane@example.com> wrote:" just above a trailing `>` block, which the
    /// attribution patterns miss because it has no date; it belongs to the quote.
    private static func attributionLine(before index: Int, in lines: [Substring]) -> Int? {
        guard let previous = lines[..<index].lastIndex(where: { !TextLines.isBlank($0) }),
              index - previous <= 2 else { return nil }
        let line = TextLines.trimmed(lines[previous])
        guard TextLines.characterCount(of: line, isAtMost: 200), line.hasSuffix(":") else { return nil }
        let lowered = line.lowercased()
        return attributionVerbs.contains(where: { lowered.contains($0) }) ? previous : nil
    }

    private static let attributionVerbs = [
        "wrote", "schrieb", "écrit", "escribió", "schreef", "scritto", "escreveu", "skrev",
    ]

    /// nil when the newest part would be empty.
    private static func split(_ lines: [Substring], at index: Int) -> QuoteSplit? {
        let newest = TextLines.join(lines[..<index])
        guard !newest.isEmpty else { return nil }
        return QuoteSplit(newest: newest, quoted: TextLines.join(lines[index...]))
    }

    /// The last line the sender wrote that is not quoted, ignoring a short signature after the final `>` block;
    /// -1 when there is none. `>` lines after it belong to a trailing quote block.
    private static func lastContentIndex(in lines: [Substring]) -> Int {
        let lastNonBlank = lines.lastIndex(where: { !TextLines.isBlank($0) }) ?? -1
        guard let lastQuote = lines.lastIndex(where: TextLines.isQuoted) else { return lastNonBlank }
        if let next = lines[(lastQuote + 1)...].firstIndex(where: { !TextLines.isBlank($0) }) {
            let line = lines[next]
            let startsSignature = SignatureMarkers.isDelimiter(line) || SignatureMarkers.isDeviceLine(line)
            guard startsSignature, lines.count - next <= 12 else { return lastNonBlank }
        }
        return lines[..<lastQuote].lastIndex(where: { !TextLines.isBlank($0) && !TextLines.isQuoted($0) }) ?? -1
    }
}
