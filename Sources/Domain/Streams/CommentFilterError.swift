import Foundation

/// Why `CommentFilter.validate()` rejected a filter: which field, and a message for the API's caller.
public struct CommentFilterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake; `description` is a short fixed label usable as a metric label.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidPropertyKey = "invalid_property_key"
            case boundOnText = "bound_on_text"
            case listOnNumberProperty = "list_on_number_property"
            case minimumAboveMaximum = "minimum_above_maximum"
            case tooLarge = "too_large"
        }

        private let base: Base

        /// A user property key without the `string:` or `number:` prefix.
        public static let invalidPropertyKey = Code(base: .invalidPropertyKey)
        /// `minimum`/`maximum` on a string property or a participant.
        public static let boundOnText = Code(base: .boundOnText)
        /// `one_of`/`not_one_of`/`domain_not_one_of` on a number property.
        public static let listOnNumberProperty = Code(base: .listOnNumberProperty)
        /// A `minimum` above its `maximum`.
        public static let minimumAboveMaximum = Code(base: .minimumAboveMaximum)
        /// More keys or list items than a filter may hold, or a value over its length.
        public static let tooLarge = Code(base: .tooLarge)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The JSON path of the bad value, such as `comment_filter.user_properties.number:Messages.minimum`.
    public let field: String
    /// What is wrong, in words for the API's caller.
    public let message: String

    init(_ code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "invalid comment filter: \(field): \(message)" }
}
