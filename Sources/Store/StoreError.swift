import Foundation

/// A store operation that failed for a reason the caller can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable {
        case alreadyExists, notFound, invalid, quotaExceeded, conflict
    }

    let code: Code
    /// Names the object, never secrets or message content.
    public let detail: String

    public static func alreadyExists(_ detail: String) -> StoreError { StoreError(code: .alreadyExists, detail: detail) }
    public static func notFound(_ detail: String) -> StoreError { StoreError(code: .notFound, detail: detail) }
    public static func invalid(_ detail: String) -> StoreError { StoreError(code: .invalid, detail: detail) }
    public static func quotaExceeded(_ detail: String) -> StoreError { StoreError(code: .quotaExceeded, detail: detail) }
    /// The change would break a rule about the stored objects as a whole (e.g. removing the last administrator).
    public static func conflict(_ detail: String) -> StoreError { StoreError(code: .conflict, detail: detail) }

    public var isAlreadyExists: Bool { code == .alreadyExists }
    public var isNotFound: Bool { code == .notFound }
    public var isQuotaExceeded: Bool { code == .quotaExceeded }
    public var isConflict: Bool { code == .conflict }
    public var isInvalid: Bool { code == .invalid }

    public var description: String {
        switch code {
        case .alreadyExists: "already exists: \(detail)"
        case .notFound: "not found: \(detail)"
        case .invalid: "invalid: \(detail)"
        case .quotaExceeded: "quota reached: \(detail)"
        case .conflict: detail
        }
    }
}
