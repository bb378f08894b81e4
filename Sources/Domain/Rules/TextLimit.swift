/// A bound on a free text a client or operator gives (titles, descriptions, token names, addresses), counted in
/// Unicode scalars, as JSON Schema's `maxLength` counts: grapheme clusters would let one letter carry 200,000
/// combining marks. Control characters are refused (line breaks and tabs only where `multiline`).
public struct TextLimit: Sendable, Equatable {
    public var minimumScalars: Int
    public var maximumScalars: Int
    public var multiline: Bool

    public init(minimum: Int = 0, maximum: Int, multiline: Bool = false) {
        minimumScalars = minimum
        maximumScalars = maximum
        self.multiline = multiline
    }

    /// Titles of buckets, sources, datasets, streams and integrations.
    public static let title = TextLimit(maximum: 256)
    /// Descriptions of sources and datasets.
    public static let description = TextLimit(maximum: 4_096, multiline: true)
    /// Names of API tokens.
    public static let tokenName = TextLimit(minimum: 1, maximum: 64)
    /// Users' display names ("Ann Lee").
    public static let displayName = TextLimit(minimum: 1, maximum: 128)
    /// A mailbox address or IMAP login (RFC 5321 §4.5.3.1: 64 + 1 + 255).
    public static let mailbox = TextLimit(minimum: 1, maximum: 320)
    /// One folder name in an allow or deny list.
    public static let folderName = TextLimit(minimum: 1, maximum: 255)

    /// What is wrong with `value`, or nil when it fits.
    public func problem(_ value: String) -> String? {
        var count = 0
        for scalar in value.unicodeScalars {
            count += 1
            if count > maximumScalars { break }
            if Self.isForbidden(scalar, multiline: multiline) {
                return "must not contain control characters" + (multiline ? " other than line breaks and tabs" : "")
                    + " (found U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
        }
        if count > maximumScalars { return "must be at most \(maximumScalars) characters" }
        if count < minimumScalars {
            return minimumScalars == 1 ? "must not be empty" : "must be at least \(minimumScalars) characters"
        }
        return nil
    }

    static func isForbidden(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: !multiline
        case 0x00...0x1F, 0x7F...0x9F: true
        // Non-characters and the line/paragraph separators that JSON allows but most readers break on.
        case 0xFFFE, 0xFFFF, 0xFDD0...0xFDEF: true
        case 0x2028, 0x2029: !multiline
        default: false
        }
    }
}
