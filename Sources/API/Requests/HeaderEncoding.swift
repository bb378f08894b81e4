import Domain
import Foundation

/// RFC 2047 encoded-words for the non-ASCII words of a header value given as JSON text.
enum HeaderEncoding {
    private static let addressFields: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to", "resent-cc", "resent-bcc",
        "resent-sender",
    ]

    static func isAddressField(_ name: String) -> Bool { addressFields.contains(name.lowercased()) }

    /// ASCII words stay as they are; each run of neighbouring non-ASCII words becomes encoded-words, the spaces
    /// between them included (§6.2: decoders drop whitespace between two encoded-words).
    ///
    /// In an address list (§5(3)) a quoted display name is encoded without its quotes, since an encoded-word inside
    /// a quoted-string is not decoded, and a word holding `@`, `<` or `>` is part of an address, which cannot be
    /// encoded: it stays UTF-8 (RFC 6532).
    static func encode(_ text: String, isAddressList: Bool) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var output = ""
        var run: String?
        var gap = ""
        for (token, isSpace) in tokens(of: text, keepingQuotedSpaces: isAddressList) {
            if isSpace {
                if run == nil { output += token } else { gap += token }
            } else if let content = encodableContent(token, isAddressList: isAddressList) {
                run = run.map { $0 + gap + content } ?? content
                gap = ""
            } else {
                if let pending = run { output += encodedWords(pending) }
                run = nil
                output += gap + token
                gap = ""
            }
        }
        if let pending = run { output += encodedWords(pending) }
        return output + gap
    }

    private static func encodableContent(_ token: String, isAddressList: Bool) -> String? {
        guard token.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        guard isAddressList else { return token }
        if token.count >= 2, token.hasPrefix("\""), token.hasSuffix("\"") {
            var content = ""
            var escaped = false
            for character in token.dropFirst().dropLast() {
                if !escaped, character == "\\" {
                    escaped = true
                    continue
                }
                escaped = false
                content.append(character)
            }
            return content
        }
        return token.contains(where: { "@<>".contains($0) }) ? nil : token
    }

    /// Whitespace and non-whitespace stretches, in order; a quoted string may span spaces when asked.
    private static func tokens(of text: String, keepingQuotedSpaces: Bool) -> [(String, Bool)] {
        var tokens: [(String, Bool)] = []
        var current = ""
        var currentIsSpace = false
        var inQuotes = false
        var escaped = false
        for character in text {
            let isSpace = (character == " " || character == "\t") && !inQuotes
            if isSpace != currentIsSpace, !current.isEmpty {
                tokens.append((current, currentIsSpace))
                current = ""
            }
            currentIsSpace = isSpace
            current.append(character)
            if keepingQuotedSpaces, !isSpace {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = inQuotes
                } else if character == "\"" {
                    inQuotes.toggle()
                }
            }
        }
        if !current.isEmpty { tokens.append((current, currentIsSpace)) }
        return tokens
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters (§2), split between Unicode scalars, folded onto new lines.
    private static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 45 bytes make 60 base64 characters: with the 12 of `=?UTF-8?B?` and `?=`, a 72-character word.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk.removeAll(keepingCapacity: true)
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }
}
