import Domain
import MIME

/// The parsed structure of an email, for `mailstream parse --format raw-email`.
struct RawEmailDescription: Encodable {
    struct Header: Encodable {
        var name: String
        var value: String
    }

    struct Part: Encodable {
        var path: String
        var contentType: String
        var charset: String?
        var transferEncoding: String?
        var disposition: String?
        var filename: String?
        var encodedSize: Int
        var decodedSize: Int?
        var headers: [Header]?
        var parts: [Part]?

        enum CodingKeys: String, CodingKey {
            case path, charset, disposition, filename, headers, parts
            case contentType = "content_type"
            case transferEncoding = "transfer_encoding"
            case encodedSize = "encoded_size"
            case decodedSize = "decoded_size"
        }
    }

    var size: Int
    var headers: [Header]
    var structure: Part
    var warnings: [String]

    init(_ message: MIMEMessage) {
        size = message.raw.count
        headers = Self.headers(message.headers)
        structure = Self.describe(message.root, isRoot: true)
        warnings = message.allWarnings.map(\.description)
    }

    private static func headers(_ fields: HeaderFields) -> [Header] {
        fields.map { Header(name: $0.name, value: TextSanitizer.clean($0.text)) }
    }

    private static func describe(_ part: MIMEPart, isRoot: Bool) -> Part {
        let isContainer = !part.children.isEmpty
        return Part(
            path: part.path.isEmpty ? "root" : part.path.map { String($0 + 1) }.joined(separator: "."),
            contentType: part.contentType.mimeType,
            charset: part.contentType.charset,
            transferEncoding: part.headers.first("content-transfer-encoding").map { $0.text },
            disposition: part.disposition?.kind,
            filename: part.filename.map(TextSanitizer.clean),
            encodedSize: part.body.count,
            decodedSize: isContainer ? nil : part.decodedBody().count,
            headers: isRoot ? nil : headers(part.headers),
            parts: isContainer ? part.children.map { describe($0, isRoot: false) } : nil
        )
    }
}
