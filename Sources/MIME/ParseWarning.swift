/// Something the parser had to repair or guess while reading a message. A warning never stops parsing.
public struct ParseWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem; its raw value is a stable, short label usable in metrics and JSON.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case missingHeaderBodySeparator = "missing_header_body_separator"
        case headerContinuationFirst = "header_continuation_first"
        case duplicateHeader = "duplicate_header"
        case unencoded8BitHeader = "unencoded_8bit_header"
        case invalidContentType = "invalid_content_type"
        case invalidEncodedWord = "invalid_encoded_word"
        case multipartWithoutBoundary = "multipart_without_boundary"
        case missingStartBoundary = "missing_start_boundary"
        case missingCloseBoundary = "missing_close_boundary"
        case nestingTooDeep = "nesting_too_deep"
        case tooManyParts = "too_many_parts"
        case unknownTransferEncoding = "unknown_transfer_encoding"
        case invalidBase64 = "invalid_base64"
        case invalidQuotedPrintable = "invalid_quoted_printable"
        case unknownCharset = "unknown_charset"
        case charsetMismatch = "charset_mismatch"
        case conflictingParameter = "conflicting_parameter"
        case invalidDate = "invalid_date"
        /// An address field (From, To, Cc, Bcc; the detail names it) held words that are no address.
        case invalidAddress = "invalid_address"
    }

    public let kind: Kind
    /// A short human-readable detail, never containing message text longer than a header name or a label.
    public let detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? kind.rawValue : "\(kind.rawValue): \(detail)"
    }
}
