import Foundation
import MIME

/// A comment as JSON, written by hand: the same bytes as `JSONCoding.encoder().encode(comment)`, several times faster.
///
/// The sync encodes every comment it stores, and Foundation's encoder (a tree of boxed values per comment, then a
/// writer) cost about an eighth of a sync's CPU. This writer follows what swift-foundation's `JSONWriter` does with
/// `.sortedKeys` and without `.withoutEscapingSlashes`: keys in UTF-8 byte order, `"`, `\` and `/` escaped with a
/// backslash, U+0008/0009/000A/000C/000D as `\b \t \n \f \r`, other controls below U+0020 as `\u00xx` (lowercase
/// hex), everything else (U+007F, U+2028, non-BMP scalars) as raw UTF-8. Numbers are Swift's `description`, less a
/// trailing `.0`; absent optionals are left out. Tests compare it with `JSONEncoder` on every corpus message.
public enum CommentJSON {
    /// The JSON text of `comment`.
    ///
    /// Throws what `JSONEncoder` throws for the same comment: only a NaN or infinite number property can make it fail
    /// (`EncodingError.invalidValue`), and such a comment is handed to `JSONEncoder` so the error is its own.
    public static func string(_ comment: Comment) throws -> String {
        var writer = Writer()
        if writer.write(comment) { return String(decoding: writer.bytes, as: UTF8.self) }
        return String(decoding: try JSONCoding.encoder().encode(comment), as: UTF8.self)
    }

    /// ``string(_:)`` as bytes.
    public static func data(_ comment: Comment) throws -> Data {
        var writer = Writer()
        if writer.write(comment) { return Data(writer.bytes) }
        return try JSONCoding.encoder().encode(comment)
    }

    /// Appends JSON to a byte buffer; each `write` returns false when the value has no JSON form (a non-finite
    /// number), leaving the caller to fall back to `JSONEncoder`.
    struct Writer {
        static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(1_024)
        }

        mutating func write(_ comment: Comment) -> Bool {
            // Keys in UTF-8 order: attachments, id, messages, text_format, thread_id, timestamp, user_properties.
            append("{\"attachments\":[")
            for (index, attachment) in comment.attachments.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                write(attachment)
            }
            append("],\"id\":")
            write(comment.id)
            append(",\"messages\":[")
            for (index, message) in comment.messages.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                write(message)
            }
            append("],\"text_format\":")
            write(comment.textFormat)
            if let threadID = comment.threadID {
                append(",\"thread_id\":")
                write(threadID)
            }
            append(",\"timestamp\":")
            write(comment.timestamp)
            append(",\"user_properties\":{")
            // swift-foundation's JSONWriter sorts object keys with this same comparison.
            let properties = comment.userProperties.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, property) in properties.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                write(property.key)
                bytes.append(0x3A)
                switch property.value {
                case .string(let value): write(value)
                case .number(let value): guard write(value) else { return false }
                }
            }
            append("}}")
            return true
        }

        mutating func write(_ message: CommentMessage) {
            // bcc, body, cc, from, language, sent_at, signature, subject, to.
            append("{\"bcc\":")
            write(message.bcc)
            append(",\"body\":")
            write(message.body)
            append(",\"cc\":")
            write(message.cc)
            if let from = message.from {
                append(",\"from\":")
                write(from)
            }
            if let language = message.language {
                append(",\"language\":")
                write(language)
            }
            if let sentAt = message.sentAt {
                append(",\"sent_at\":")
                write(sentAt)
            }
            if let signature = message.signature {
                append(",\"signature\":")
                write(signature)
            }
            if let subject = message.subject {
                append(",\"subject\":")
                write(subject)
            }
            append(",\"to\":")
            write(message.to)
            bytes.append(0x7D)
        }

        mutating func write(_ text: CommentMessage.Text) {
            append("{\"text\":")
            write(text.text)
            bytes.append(0x7D)
        }

        mutating func write(_ attachment: CommentAttachment) {
            // attachment_reference, content_hash, content_type, inline, name, size.
            bytes.append(0x7B)
            if let reference = attachment.attachmentReference {
                append("\"attachment_reference\":")
                write(reference)
                bytes.append(0x2C)
            }
            if let hash = attachment.contentHash {
                append("\"content_hash\":")
                write(hash)
                bytes.append(0x2C)
            }
            append("\"content_type\":")
            write(attachment.contentType)
            if let inline = attachment.inline {
                append(inline ? ",\"inline\":true" : ",\"inline\":false")
            }
            append(",\"name\":")
            write(attachment.name)
            append(",\"size\":")
            append(attachment.size.description)
            bytes.append(0x7D)
        }

        mutating func write(_ strings: [String]) {
            bytes.append(0x5B)
            for (index, string) in strings.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                write(string)
            }
            bytes.append(0x5D)
        }

        /// `JSONCoding`'s date strategy: an ISO 8601 string.
        mutating func write(_ date: Date) {
            bytes.append(0x22)
            if let fast = ISO8601Seconds.format(date) { append(fast) } else { append(JSONCoding.format(date)) }
            bytes.append(0x22)
        }

        /// Foundation writes `description` without a trailing ".0"; NaN and infinities have no JSON form.
        mutating func write(_ number: Double) -> Bool {
            guard number.isFinite else { return false }
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            append(text)
            return true
        }

        /// RFC 8259 §7 string, escaped as swift-foundation's `JSONWriter.serializeStringContents` does.
        mutating func write(_ string: String) {
            bytes.append(0x22)
            var string = string
            string.withUTF8 { utf8 in
                var mark = 0
                for index in utf8.indices {
                    let byte = utf8[index]
                    // Fast test: nothing at or above 0x20 needs escaping except '"', '/' and '\'.
                    if byte >= 0x20, byte != 0x22, byte != 0x2F, byte != 0x5C { continue }
                    if index > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
                    mark = index + 1
                    bytes.append(0x5C)
                    switch byte {
                    case 0x22, 0x2F, 0x5C: bytes.append(byte)
                    case 0x08: bytes.append(0x62)  // b
                    case 0x09: bytes.append(0x74)  // t
                    case 0x0A: bytes.append(0x6E)  // n
                    case 0x0C: bytes.append(0x66)  // f
                    case 0x0D: bytes.append(0x72)  // r
                    default:
                        bytes.append(contentsOf: [0x75, 0x30, 0x30])  // u00
                        bytes.append(Self.hexDigits[Int(byte >> 4)])
                        bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                    }
                }
                if utf8.count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...])) }
            }
            bytes.append(0x22)
        }

        /// Text known to need no escaping (keys, numbers, punctuation).
        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
    }
}

/// `Date.ISO8601FormatStyle()` output for whole-second instants of years 1600–9999 ("2025-01-06T10:15:00Z"),
/// computed without a calendar; other instants are left to Foundation, whose Gregorian calendar turns Julian before
/// October 1582.
enum ISO8601Seconds {
    static func format(_ date: Date) -> String? {
        let interval = date.timeIntervalSince1970
        // JSONCoding.format adds fractional seconds exactly when the interval is not whole.
        guard interval.rounded() == interval, interval >= -11_676_096_000, interval < 253_402_300_800 else {
            return nil  // before 1600-01-01 or from 10000-01-01 on
        }
        let seconds = Int(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(fromDays: days)
        var output = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, at offset: Int, digits: Int) {
            var value = value
            for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                output[position] = UInt8(0x30 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, digits: 4)
        output[4] = 0x2D
        put(month, at: 5, digits: 2)
        output[7] = 0x2D
        put(day, at: 8, digits: 2)
        output[10] = 0x54
        put(secondOfDay / 3_600, at: 11, digits: 2)
        output[13] = 0x3A
        put(secondOfDay / 60 % 60, at: 14, digits: 2)
        output[16] = 0x3A
        put(secondOfDay % 60, at: 17, digits: 2)
        output[19] = 0x5A
        return String(decoding: output, as: UTF8.self)
    }
}
