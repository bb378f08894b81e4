import Foundation

/// Separates the signature from the end of a message's newest part (see ``QuoteSplitter``).
///
/// A signature starts at the earliest of these that has text above it:
/// - the RFC 3676 §4.3 delimiter `-- ` (anything may follow), or `--` alone followed by at most 15 lines;
/// - a device line such as "Sent from my iPhone" or "Get Outlook for Android" with at most 3 lines after it;
/// - a closing such as "Best regards,", "Thanks, Jane", "Mit freundlichen Grüßen" or "Cordialement" on its
///   own line, followed by at most 8 short lines (name, title, phone, company, address, URL);
/// - with a sender name, a line that is that name or its first name, followed by at most 8 short lines.
///
/// The closing line belongs to the signature, as Communications Mining treats "Best regards,\nJohn": the
/// body keeps what the sender wrote, not how they signed off. The delimiter and device lines belong to it too.
public enum SignatureSplitter {
    /// Lines in a signature block after a closing or name are at most this long.
    private static let shortLineLength = 80
    /// How many non-blank lines may follow a closing or name line.
    private static let maximumBlockLines = 8

    /// Splits `text` into body and signature.
    ///
    /// - Parameter senderName: the sender's display name, such as "Jane Doe" or "Doe, Jane"; enables the name
    ///   rule. Matching ignores case and diacritics.
    /// - Returns: the whole text as body and a nil signature when nothing was found, or when everything would
    ///   be signature: a message is never left without a body.
    public static func split(_ text: String, senderName: String? = nil) -> SignatureSplit {
        let lines = TextLines.split(text)
        // nonBlankAfter[i]: how many non-blank lines follow line i.
        var nonBlankAfter = [Int](repeating: 0, count: lines.count)
        var count = 0
        for index in lines.indices.reversed() {
            nonBlankAfter[index] = count
            if !TextLines.isBlank(lines[index]) { count += 1 }
        }
        var candidates: [Int] = []
        for index in lines.indices where SignatureMarkers.isDelimiter(lines[index]) {
            if lines[index].utf8.elementsEqual("-- ".utf8) || nonBlankAfter[index] <= 15 { candidates.append(index) }
        }
        candidates += tailCandidates(lines, nonBlankAfter: nonBlankAfter, names: names(from: senderName))
        for start in candidates.sorted() {
            let body = TextLines.join(lines[..<start])
            guard !body.isEmpty else { continue }
            return SignatureSplit(body: body, signature: TextLines.join(lines[start...]))
        }
        return SignatureSplit(body: text, signature: nil)
    }

    /// Device lines, closings and name lines near the end of the text.
    private static func tailCandidates(_ lines: [Substring], nonBlankAfter: [Int], names: [String]) -> [Int] {
        var candidates: [Int] = []
        // Whether every non-blank line after the current one is short; built walking up from the end.
        var shortBelow = true
        for index in lines.indices.reversed() {
            let line = lines[index]
            if TextLines.isBlank(line) { continue }
            let after = nonBlankAfter[index]
            if after > maximumBlockLines { break }
            if SignatureMarkers.isDeviceLine(line) && after <= 3 {
                candidates.append(index)
            }
            if shortBelow && (SignatureMarkers.isClosing(line) || isName(line, names)) {
                candidates.append(index)
            }
            shortBelow = shortBelow && TextLines.characterCount(of: TextLines.trimmed(line), isAtMost: shortLineLength)
        }
        return candidates
    }

    private static func isName(_ line: Substring, _ names: [String]) -> Bool {
        guard !names.isEmpty else { return false }
        let trimmed = TextLines.trimmed(line)
        if let matches = asciiIsName(trimmed, names) { return matches }
        // People sign "-- Jane" or "~Jane" as often as "Jane".
        let text = nameText(trimmed)
        return names.contains { name in
            // ASCII on both sides: diacritics can't differ, and case folding is byte-wise. Otherwise Foundation's
            // comparison, which folds both.
            if isASCII(text), isASCII(name) {
                return text.utf8.count == name.utf8.count
                    && zip(text.utf8, name.utf8).allSatisfy { lowerASCII($0) == lowerASCII($1) }
            }
            return text.compare(name, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame
        }
    }

    /// ``isName(_:_:)`` for an ASCII line when every name is ASCII too, comparing the name text's bytes where they
    /// are (the same bytes ``nameText(_:)`` returns, without making a string of them); nil otherwise.
    private static func asciiIsName(_ trimmed: Substring, _ names: [String]) -> Bool? {
        guard names.allSatisfy(isASCII) else { return nil }
        return UTF8Text.withBytes(trimmed) { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let text = UnsafeBufferPointer(rebasing: bytes[asciiNameRange(bytes)])
            return names.contains { name in
                name.utf8.count == text.count
                    && zip(text, name.utf8).allSatisfy { lowerASCII($0) == lowerASCII($1) }
            }
        }
    }

    /// A trimmed line as it is compared with the sender's names: without leading dashes, tildes and spaces, and
    /// without the punctuation that follows a closing.
    static func nameText(_ trimmed: Substring) -> String {
        guard trimmed.utf8.allSatisfy({ $0 < 0x80 }) else { return characterNameText(trimmed) }
        return UTF8Text.withBytes(trimmed) { String(decoding: $0[asciiNameRange($0)], as: UTF8.self) }
    }

    /// Where ``nameText(_:)`` of an ASCII line lies in its bytes: a byte is a character, and of "-–—~ " only "-",
    /// "~" and " " are ASCII.
    private static func asciiNameRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = bytes.firstIndex { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "~") && $0 != 0x20 }
            ?? bytes.endIndex
        return start..<SignatureMarkers.endBeforeASCIIPunctuation(bytes, from: start)
    }

    /// ``nameText(_:)`` by `Character`s.
    static func characterNameText(_ trimmed: Substring) -> String {
        SignatureMarkers.strippingPunctuation(String(trimmed.drop(while: { "-–—~ ".contains($0) })))
    }

    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The full name and the first name, with Outlook's "Last, First" turned around and quotes removed.
    /// - Parameter byCharacters: reads an ASCII name by `Character`s too (the reference for the byte path).
    static func names(from senderName: String?, byCharacters: Bool = false) -> [String] {
        guard let senderName else { return [] }
        // In ASCII a character is a byte: the quotes, commas and spaces are found in the bytes, without breaking
        // the text into characters (which costs more than the rest of the signature rules for most mail).
        let ascii = !byCharacters && senderName.utf8.allSatisfy { $0 < 0x80 }
        func split(_ text: Substring, at separator: UInt8) -> [Substring] {
            guard ascii else { return text.split(separator: Character(Unicode.Scalar(separator))) }
            return text.utf8.split(separator: separator).map { Substring($0) }
        }
        let unquoted = ascii
            ? String(decoding: senderName.utf8.filter { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") },
                     as: UTF8.self)
            : senderName.filter { $0 != "\"" && $0 != "'" }
        var name = TextLines.trimmed(Substring(unquoted))
        guard !name.isEmpty, !name.utf8.contains(UInt8(ascii: "@")) else { return [] }
        let parts = split(name, at: UInt8(ascii: ",")).map { TextLines.trimmed($0) }
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
            name = Substring("\(parts[1]) \(parts[0])")
        }
        let words = split(name, at: UInt8(ascii: " "))
        var names = [String(name)]
        if words.count > 1, let first = words.first { names.append(String(first)) }
        return names
    }
}
