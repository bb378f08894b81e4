import Foundation

/// A comment in the Communications Mining shape: what an email becomes once cleaned and enriched.
public struct Comment: Codable, Sendable, Equatable {
    /// Lowercase hex of the Message-ID (angle brackets stripped), or of a hash of the raw bytes when there is none.
    public var id: String
    public var timestamp: Date
    public var threadID: String?
    public var messages: [CommentMessage]
    /// Keys are typed: `string:Name` or `number:Name`.
    public var userProperties: [String: PropertyValue]
    public var textFormat: String
    public var attachments: [CommentAttachment]

    public init(id: String, timestamp: Date, threadID: String? = nil, messages: [CommentMessage],
                userProperties: [String: PropertyValue] = [:], textFormat: String = "plain",
                attachments: [CommentAttachment] = []) {
        self.id = id
        self.timestamp = timestamp
        self.threadID = threadID
        self.messages = messages
        self.userProperties = userProperties
        self.textFormat = textFormat
        self.attachments = attachments
    }

    enum CodingKeys: String, CodingKey {
        case id, timestamp, messages, attachments
        case threadID = "thread_id"
        case userProperties = "user_properties"
        case textFormat = "text_format"
    }

    /// A user property value: the key's prefix says which kind it must be.
    public enum PropertyValue: Codable, Sendable, Equatable {
        case string(String)
        case number(Double)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            }
        }

        public var stringValue: String? {
            if case .string(let value) = self { return value }
            return nil
        }
    }
}

/// One message of a comment (the newest message of the email).
public struct CommentMessage: Codable, Sendable, Equatable {
    /// A text field, wrapped as the API wraps it: `{"text": …}`.
    public struct Text: Codable, Sendable, Equatable {
        public var text: String
        public init(_ text: String) { self.text = text }
    }

    public var from: String?
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var sentAt: Date?
    public var language: String?
    public var subject: Text?
    public var body: Text
    public var signature: Text?

    public init(from: String? = nil, to: [String] = [], cc: [String] = [], bcc: [String] = [], sentAt: Date? = nil,
                language: String? = nil, subject: Text? = nil, body: Text, signature: Text? = nil) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.sentAt = sentAt
        self.language = language
        self.subject = subject
        self.body = body
        self.signature = signature
    }

    enum CodingKeys: String, CodingKey {
        case from, to, cc, bcc, language, subject, body, signature
        case sentAt = "sent_at"
    }
}

/// Metadata of an attachment of a comment; its bytes are read back through `attachmentReference`.
public struct CommentAttachment: Codable, Sendable, Equatable {
    public var name: String
    public var size: Int
    public var contentType: String
    /// Lowercase hex SHA-256 of the decoded content.
    public var contentHash: String?
    public var inline: Bool?
    public var attachmentReference: String?

    public init(name: String, size: Int, contentType: String, contentHash: String? = nil, inline: Bool? = nil,
                attachmentReference: String? = nil) {
        self.name = name
        self.size = size
        self.contentType = contentType
        self.contentHash = contentHash
        self.inline = inline
        self.attachmentReference = attachmentReference
    }

    enum CodingKeys: String, CodingKey {
        case name, size, inline
        case contentType = "content_type"
        case contentHash = "content_hash"
        case attachmentReference = "attachment_reference"
    }
}
