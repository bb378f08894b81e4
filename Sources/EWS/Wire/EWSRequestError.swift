/// A request the builder refuses to write because the server could only reject it.
///
/// The description is short and fixed, usable as a metric label.
public struct EWSRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case emptyIDList
        case valueOutOfRange
    }

    private let code: Code
    /// The request field at fault, such as `"MaxChangesReturned"`.
    public let field: String

    private init(_ code: Code, field: String) {
        self.code = code
        self.field = field
    }

    /// An operation was given no ids; EWS requires at least one.
    public static let emptyIDList = EWSRequestError(.emptyIDList, field: "")
    /// A number outside what the schema allows (`MaxChangesReturned` is 1…512, paging values are non-negative).
    public static let valueOutOfRange = EWSRequestError(.valueOutOfRange, field: "")

    static func empty(_ field: String) -> EWSRequestError { EWSRequestError(.emptyIDList, field: field) }
    static func outOfRange(_ field: String) -> EWSRequestError { EWSRequestError(.valueOutOfRange, field: field) }

    /// Errors compare by kind only, so `error == .emptyIDList` holds whatever the field.
    public static func == (lhs: EWSRequestError, rhs: EWSRequestError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        switch code {
        case .emptyIDList: "EWS request without ids"
        case .valueOutOfRange: "EWS request value out of range"
        }
    }
}
