import Domain
import Foundation

/// The body of `POST /api/v1/sources/<owner>/<source>/sync-raw-emails`: emails given as headers, a body and
/// attachment metadata, in the Communications Mining raw-email shape, each turned into an RFC 5322 message that
/// `EmailToComment` converts like a synced email.
///
/// Rules: at most 16,384 documents; `headers` is `{"raw": "Name: value\r\n…"}` or `{"parsed": {"Name": "value" or
/// ["v1", "v2"]}}`; `body` is `{"plain": …}` or `{"html": …}`, not both; attachments, `user_properties` and
/// `comment_id` follow the rules of `CommentSyncRequest`, and explicit comment ids are unique within the request.
///
/// The body arrives as text, already decoded, so the message's own `MIME-Version`, `Content-Type` and
/// `Content-Transfer-Encoding` fields (which describe the original, perhaps multipart or base64, encoding) are
/// dropped and replaced by ones that describe the UTF-8 text actually given. Every other header is kept verbatim.
public enum RawEmailSyncRequest {
    public static let maximumDocuments = 16_384

    /// One raw email, ready for `comment(for:metadata:)`.
    public struct Document: Sendable, Equatable {
        /// The RFC 5322 message built from the headers and body.
        public var raw: [UInt8]
        public var userProperties: [String: Comment.PropertyValue]
        /// The comment's id when given; otherwise the id comes from the Message-ID as for any email.
        public var commentID: String?
        public var attachments: [CommentAttachment]

        public init(raw: [UInt8], userProperties: [String: Comment.PropertyValue] = [:], commentID: String? = nil,
                    attachments: [CommentAttachment] = []) {
            self.raw = raw
            self.userProperties = userProperties
            self.commentID = commentID
            self.attachments = attachments
        }
    }

    /// The documents of a raw-email sync request, in request order, and whether the answer should carry the comments.
    ///
    /// - Throws: `RequestValidationError` naming the first field that breaks a rule, such as
    ///   `documents[2].raw_email.body`; a body that is not JSON is blamed on `body`.
    public static func decode(_ body: [UInt8]) throws(RequestValidationError)
        -> (documents: [Document], includeComments: Bool) {
        let (object, items) = try RequestJSON.topLevel(body, arrayKey: "documents")
        guard items.count <= maximumDocuments else {
            throw RequestValidationError(
                field: "documents", message: "has \(items.count) documents; at most \(maximumDocuments) are allowed")
        }
        let includeComments = try RequestJSON.optionalBool(object["include_comments"], "include_comments") ?? false
        var documents: [Document] = []
        documents.reserveCapacity(items.count)
        var firstIndexOfID: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let document = try self.document(item, "documents[\(index)]")
            if let id = document.commentID {
                if let first = firstIndexOfID[id] {
                    throw RequestValidationError(
                        field: "documents[\(index)].comment_id",
                        message: "repeats the comment_id of documents[\(first)]")
                }
                firstIndexOfID[id] = index
            }
            documents.append(document)
        }
        return (documents, includeComments)
    }

    /// The comment for a document: the built email converted as any synced email, then the document's comment id,
    /// user properties (which win over the derived ones) and attachment metadata laid over it.
    public static func comment(for document: Document, metadata: EmailMetadata = EmailMetadata()) -> Comment {
        var comment = EmailToComment.convert(document.raw, metadata: metadata).comment
        if let id = document.commentID { comment.id = id }
        comment.userProperties.merge(document.userProperties) { _, given in given }
        comment.attachments = document.attachments
        return comment
    }

    static func document(_ value: Any, _ path: String) throws(RequestValidationError) -> Document {
        let object = try RequestJSON.object(value, path)
        let emailPath = "\(path).raw_email"
        let email = try RequestJSON.object(object["raw_email"], emailPath)
        let headers = try headerLines(email["headers"], "\(emailPath).headers")
        let (text, subtype) = try bodyText(email["body"], "\(emailPath).body")
        var raw: [UInt8] = []
        for line in headers + [
            "MIME-Version: 1.0", "Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
        ] {
            raw.append(contentsOf: line.utf8)
            raw.append(contentsOf: crlf)
        }
        raw.append(contentsOf: lines(of: text).joined(separator: "\r\n").utf8)
        let commentID: String? = RequestJSON.present(object["comment_id"]) == nil
            ? nil : try CommentSyncRequest.identifier(object["comment_id"], "\(path).comment_id")
        return Document(
            raw: raw,
            userProperties: try CommentSyncRequest.userProperties(object["user_properties"], "\(path).user_properties"),
            commentID: commentID,
            attachments: try CommentSyncRequest.attachments(email["attachments"], "\(emailPath).attachments")
        )
    }

    /// `{"plain": …}` or `{"html": …}`: the text and the MIME subtype it is sent as.
    static func bodyText(_ value: Any?, _ path: String) throws(RequestValidationError) -> (String, String) {
        let object = try RequestJSON.object(value, path)
        let plain = try RequestJSON.optionalString(object["plain"], "\(path).plain")
        let html = try RequestJSON.optionalString(object["html"], "\(path).html")
        switch (plain, html) {
        case (let plain?, nil): return (plain, "plain")
        case (nil, let html?): return (html, "html")
        case (.some, .some):
            throw RequestValidationError(field: path, message: "must hold either plain or html, not both")
        case (nil, nil): throw RequestValidationError(field: path, message: "must hold plain or html text")
        }
    }

    /// The header lines (a folded field spans several) of `{"raw": …}` or `{"parsed": …}`, without the MIME fields
    /// this request sets itself.
    static func headerLines(_ value: Any?, _ path: String) throws(RequestValidationError) -> [String] {
        let object = try RequestJSON.object(value, path)
        let raw = try RequestJSON.optionalString(object["raw"], "\(path).raw")
        let parsed = try RequestJSON.optionalObject(object["parsed"], "\(path).parsed")
        switch (raw, parsed) {
        case (let raw?, nil): return try rawHeaderLines(raw, "\(path).raw")
        case (nil, let parsed?): return try parsedHeaderLines(parsed, "\(path).parsed")
        case (.some, .some):
            throw RequestValidationError(field: path, message: "must hold either raw or parsed, not both")
        case (nil, nil): throw RequestValidationError(field: path, message: "must hold raw or parsed headers")
        }
    }

    /// RFC 5322 §2.2: each line is `Name: value` or, folded, starts with a space or tab and continues the one above.
    /// Line ends become CRLF; blank lines at the end (the header block's terminator) are dropped.
    static func rawHeaderLines(_ text: String, _ path: String) throws(RequestValidationError) -> [String] {
        var lines = lines(of: text)
        while lines.last?.isEmpty == true { lines.removeLast() }
        var kept: [String] = []
        var keepingField = true
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            if bytes.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }) {
                throw RequestValidationError(field: path, message: "line \(index + 1) holds a control character")
            }
            if let first = bytes.first, first == 0x20 || first == 0x09 {
                guard index > 0, bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
                    throw RequestValidationError(
                        field: path, message: "line \(index + 1) is whitespace that continues no header field")
                }
                if keepingField { kept.append(line) }
                continue
            }
            // obs-fields (RFC 5322 §4.5.3) may have whitespace before the colon.
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
                  case let name = bytes[..<colon].reversed().drop(while: { $0 == 0x20 || $0 == 0x09 }),
                  !name.isEmpty, name.allSatisfy(isFieldNameByte) else {
                throw RequestValidationError(
                    field: path, message: "line \(index + 1) is not a header field (Name: value) nor a folded "
                        + "continuation (starting with a space)")
            }
            keepingField = !isReplacedMIMEField(String(decoding: name.reversed(), as: UTF8.self))
            if keepingField { kept.append(line) }
        }
        return kept
    }

    /// Each entry becomes one field, in name order; an array value is joined with ", ", and an empty one is left out.
    static func parsedHeaderLines(_ headers: [String: Any], _ path: String) throws(RequestValidationError) -> [String] {
        var lines: [String] = []
        for name in headers.keys.sorted() {
            let field = "\(path).\(name)"
            guard !name.isEmpty, name.utf8.allSatisfy(isFieldNameByte) else {
                throw RequestValidationError(
                    field: field, message: "is not a header field name (printable ASCII without spaces or colons)")
            }
            let isList = headers[name] is [Any]
            let values = isList
                ? try RequestJSON.strings(headers[name], field) : [try RequestJSON.string(headers[name], field)]
            // A line break in a value would start a header field of the client's choosing.
            for (index, value) in values.enumerated()
            where value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                throw RequestValidationError(
                    field: isList ? "\(field)[\(index)]" : field,
                    message: "must not hold line breaks or control characters")
            }
            guard !values.isEmpty, !isReplacedMIMEField(name) else { continue }
            let text = values.joined(separator: ", ")
            lines.append("\(name): " + HeaderEncoding.encode(text, isAddressList: HeaderEncoding.isAddressField(name)))
        }
        return lines
    }

    /// RFC 5322 §3.6.8: `field-name = 1*ftext`, printable US-ASCII except the colon.
    static func isFieldNameByte(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: ":")
    }

    static func isReplacedMIMEField(_ name: String) -> Bool {
        ["mime-version", "content-type", "content-transfer-encoding"].contains(name.lowercased())
    }

    /// The text split at CRLF, LF or a lone CR.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var afterCR = false
        for byte in text.utf8 {
            if afterCR, byte == 0x0A {
                afterCR = false
                continue
            }
            afterCR = byte == 0x0D
            if byte == 0x0D || byte == 0x0A {
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        lines.append(String(decoding: current, as: UTF8.self))
        return lines
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]
}
