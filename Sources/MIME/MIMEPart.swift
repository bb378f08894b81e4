/// One entity of a message (RFC 2045 §2.4): its header fields, its still-encoded body, and its children — the body
/// parts of a multipart, or the single root part of an embedded message/rfc822.
public final class MIMEPart: Sendable {
    public let headers: HeaderFields
    /// The effective content type: the declared one, or the default when it is missing or invalid
    /// (text/plain, or message/rfc822 inside multipart/digest).
    public let contentType: ContentType
    /// The body bytes as they appear in the message, before transfer decoding.
    public let body: ArraySlice<UInt8>
    public let children: [MIMEPart]
    /// Where this part starts, as a path of child indexes from the root ("1.2" in IMAP terms, 0-based here).
    public let path: [Int]

    init(headers: HeaderFields, contentType: ContentType, body: ArraySlice<UInt8>, children: [MIMEPart],
         path: [Int]) {
        self.headers = headers
        self.contentType = contentType
        self.body = body
        self.children = children
        self.path = path
    }

    /// The Content-Transfer-Encoding, 7bit when absent.
    public var transferEncoding: TransferEncoding {
        guard let field = headers.first("content-transfer-encoding") else { return .sevenBit }
        return TransferEncoding(label: String(decoding: field.unfoldedBytes, as: UTF8.self))
    }

    public var disposition: ContentDisposition? {
        headers.first("content-disposition").map { ContentDisposition(headerValue: $0.unfoldedBytes) }
    }

    /// The file name: Content-Disposition's `filename`, else Content-Type's `name` (trimmed), else nil.
    public var filename: String? {
        let name = disposition?.filename ?? contentType.parameters["name"]
        guard let trimmed = name?.trimmingASCIIWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Content-ID without angle brackets.
    public var contentID: String? {
        headers.first("content-id").map { MessageIdentifiers.strip(bytes: $0.unfoldedBytes) }
    }

    /// True for a part without children (an embedded message counts as a container).
    public var isLeaf: Bool { children.isEmpty }

    /// True when the part is meant to be saved rather than read inline: `Content-Disposition: attachment`, a file
    /// name, or a type that isn't text.
    public var isAttachmentLike: Bool {
        if let disposition, disposition.isAttachment { return true }
        if filename != nil { return true }
        if contentType.isMultipart { return false }
        return !contentType.isText
    }

    /// The body after transfer decoding (base64, quoted-printable, uuencode).
    public func decodedBody() -> [UInt8] {
        transferEncoding.decode(body).bytes
    }

    /// The body as text: transfer-decoded, then read in the declared charset with the declared → UTF-8 →
    /// windows-1252 fallback.
    public func decodedText() -> (text: String, outcome: CharsetDecoding.Outcome) {
        CharsetDecoding.decode(decodedBody(), label: contentType.charset)
    }

    /// This part and all below it, depth-first, including the parts of embedded messages.
    public func walk() -> [MIMEPart] {
        var result: [MIMEPart] = [self]
        for child in children { result.append(contentsOf: child.walk()) }
        return result
    }
}
