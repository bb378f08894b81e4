/// A Content-Type value (RFC 2045 §5): media type, subtype and parameters, lowercased where case doesn't matter.
public struct ContentType: Sendable, Equatable {
    public var type: String
    public var subtype: String
    public var parameters: MIMEParameters

    public init(type: String, subtype: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    public static let textPlain = ContentType(type: "text", subtype: "plain")
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// "type/subtype".
    public var mimeType: String { "\(type)/\(subtype)" }
    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }
    /// message/rfc822 and its relatives whose body is a whole message.
    public var isEmbeddedMessage: Bool {
        type == "message" && (subtype == "rfc822" || subtype == "global")
    }
    public var charset: String? { parameters["charset"] }
    public var boundary: String? { parameters["boundary"] }

    /// Parses a header value; nil when it has no valid `type/subtype`.
    public init?(headerValue bytes: ArraySlice<UInt8>) {
        let (value, parameters) = ParameterParser.parse(bytes)
        guard let slash = value.firstIndex(of: ASCII.slash) else { return nil }
        let type = ASCII.trimmed(value[value.startIndex..<slash])
        let subtype = ASCII.trimmed(value[(slash + 1)...])
        guard Self.isToken(type), Self.isToken(subtype) else { return nil }
        self.type = String(decoding: type, as: UTF8.self).asciiLowercased
        self.subtype = String(decoding: subtype, as: UTF8.self).asciiLowercased
        self.parameters = parameters
    }

    /// RFC 2045 token characters.
    static func isToken(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
        }
    }
}

/// A Content-Disposition value (RFC 2183).
public struct ContentDisposition: Sendable, Equatable {
    /// "inline", "attachment", or whatever else was written, lowercased.
    public var kind: String
    public var parameters: MIMEParameters

    public init(headerValue bytes: ArraySlice<UInt8>) {
        let (value, parameters) = ParameterParser.parse(bytes)
        kind = String(decoding: value, as: UTF8.self).asciiLowercased
        self.parameters = parameters
    }

    public var isAttachment: Bool { kind == "attachment" }
    public var isInline: Bool { kind == "inline" }
    public var filename: String? { parameters["filename"] }
}
