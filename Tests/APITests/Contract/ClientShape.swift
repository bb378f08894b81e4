import Domain
import Foundation

/// What a type of the official Communications Mining client (the `reinfer-client` crate of `reinfer/cli`) accepts
/// when `serde_json` reads an answer into it: serde's rules, which are not JSON Schema's.
///
/// - A struct ignores fields it doesn't name (none of the client's types denies unknown fields), so Mailstream's
///   additions are harmless; every field it names must be present with its type unless it is an `Option` (absent,
///   null or the type) or has `#[serde(default)]` (absent or the type; null still fails, except for an `Option`).
/// - Enums of unit variants, and types read through `FromStr`, take fixed strings; those with a catch-all variant
///   (`SourceKind::Unknown`, `ProjectPermission::Unknown`) take any string.
/// - `#[serde(tag = "kind")]` enums are objects whose `kind` picks the variant.
/// - The answer envelope `Response<T>` is `#[serde(tag = "status")]`: `status` is `ok`, and the other fields are
///   read as `T`. When `T` is `()` or a unit struct, serde accepts only an empty map: the answer must hold nothing
///   but `status`.
indirect enum ClientShape: Sendable {
    case string
    /// One of these strings (an enum of unit variants, or `FromStr` without a catch-all).
    case oneOf([String])
    case bool
    /// An unsigned integer type (`u64`, `u32`, `usize`) up to `maximum`; `i32` values are checked with `signed32`.
    case unsigned(maximum: Double)
    case signed32
    /// `f64`, `f32`, `NotNan<f64>`: any number.
    case number
    /// `chrono::DateTime<Utc>`: an RFC 3339 time.
    case dateTime
    /// `Vec<T>` or `HashSet<T>`.
    case array(ClientShape)
    /// `HashMap<String, T>`.
    case map(ClientShape)
    /// The client's `PropertyMap`: keys `string:…` with string values or `number:…` with numbers; null is empty.
    case propertyMap
    /// A struct: its fields by JSON name.
    case object([String: ClientField])
    /// `#[serde(tag = "kind")]`: the variant's fields by `kind`.
    case tagged(tag: String, [String: [String: ClientField]])
    /// `#[serde(untagged)]`: the first of these that fits.
    case untagged([ClientShape])
    /// `serde_json::Value`, `IgnoredAny`, or a struct whose fields are all defaulted and unchecked here.
    case anything
    /// `()` or a unit struct inside `Response<T>`: no field at all.
    case empty

    static let u64 = ClientShape.unsigned(maximum: Double(UInt64.max))
    static let u32 = ClientShape.unsigned(maximum: Double(UInt32.max))
}

/// A struct's field: its shape and how serde treats a missing or null value.
struct ClientField: Sendable {
    enum Presence: Sendable {
        /// A plain field: present, not null.
        case required
        /// `Option<T>`: absent, null, or `T`.
        case optional
        /// `#[serde(default)]` on a non-`Option`: absent or `T`.
        case defaulted
    }

    let shape: ClientShape
    let presence: Presence

    static func required(_ shape: ClientShape) -> ClientField { ClientField(shape: shape, presence: .required) }
    static func optional(_ shape: ClientShape) -> ClientField { ClientField(shape: shape, presence: .optional) }
    static func defaulted(_ shape: ClientShape) -> ClientField { ClientField(shape: shape, presence: .defaulted) }
}

extension ClientShape {
    /// The ways `value` (as `JSONSerialization` returns it) fails to read into this shape, each as
    /// `<path>: <problem>`; empty when the client reads it.
    func errors(in value: Any, at path: String = "$") -> [String] {
        let kind = JSONKind(value)
        func wrong(_ expected: String) -> [String] { ["\(path): expected \(expected), got \(kind.name)"] }
        switch self {
        case .anything:
            return []
        case .string:
            if case .string = kind { return [] }
            return wrong("a string")
        case .oneOf(let values):
            guard case .string(let text) = kind else { return wrong("a string") }
            return values.contains(text) ? [] : ["\(path): \"\(text)\" is none of \(values)"]
        case .bool:
            if case .bool = kind { return [] }
            return wrong("a boolean")
        case .unsigned(let maximum):
            guard case .number(let number, let isInteger) = kind, isInteger else { return wrong("an integer") }
            return number >= 0 && number <= maximum ? [] : ["\(path): \(number) is out of range 0...\(maximum)"]
        case .signed32:
            guard case .number(let number, let isInteger) = kind, isInteger else { return wrong("an integer") }
            return abs(number) <= 2_147_483_647 ? [] : ["\(path): \(number) does not fit in an i32"]
        case .number:
            if case .number = kind { return [] }
            return wrong("a number")
        case .dateTime:
            guard case .string(let text) = kind else { return wrong("an RFC 3339 time") }
            return Domain.RFC3339.parse(text) != nil ? [] : ["\(path): \"\(text)\" is not an RFC 3339 time"]
        case .array(let element):
            guard case .array(let items) = kind else { return wrong("an array") }
            return items.enumerated().flatMap { element.errors(in: $0.element, at: "\(path)[\($0.offset)]") }
        case .map(let element):
            guard case .object(let object) = kind else { return wrong("an object") }
            return object.sorted { $0.key < $1.key }.flatMap { element.errors(in: $0.value, at: "\(path).\($0.key)") }
        case .propertyMap:
            if case .null = kind { return [] }
            guard case .object(let object) = kind else { return wrong("an object") }
            return object.sorted { $0.key < $1.key }.flatMap { key, value -> [String] in
                if key.hasPrefix("string:") { return ClientShape.string.errors(in: value, at: "\(path).\(key)") }
                if key.hasPrefix("number:") { return ClientShape.number.errors(in: value, at: "\(path).\(key)") }
                return ["\(path): user property full name `\(key)` has invalid type prefix"]
            }
        case .object(let fields):
            guard case .object(let object) = kind else { return wrong("an object") }
            return Self.fieldErrors(fields, object, path)
        case .tagged(let tag, let variants):
            guard case .object(let object) = kind else { return wrong("an object") }
            guard let name = object[tag] as? String, let fields = variants[name] else {
                return ["\(path).\(tag): expected one of \(variants.keys.sorted())"]
            }
            return Self.fieldErrors(fields, object, path)
        case .untagged(let options):
            return options.contains { $0.errors(in: value, at: path).isEmpty }
                ? [] : ["\(path): matches no variant of the untagged enum"]
        case .empty:
            guard case .object(let object) = kind else { return wrong("an empty object") }
            return object.isEmpty ? [] : ["\(path): a unit type reads only an empty map, got \(object.keys.sorted())"]
        }
    }

    private static func fieldErrors(_ fields: [String: ClientField], _ object: [String: Any], _ path: String)
        -> [String] {
        fields.sorted { $0.key < $1.key }.flatMap { name, field -> [String] in
            let at = "\(path).\(name)"
            guard let value = object[name] else {
                return field.presence == .required ? ["\(at): missing field"] : []
            }
            if case .null = JSONKind(value), field.presence == .optional { return [] }
            return field.shape.errors(in: value, at: at)
        }
    }

    /// The answer envelope `Response<T>` around this shape: `status` `ok`, the rest read as `T`.
    func envelopeErrors(in value: Any) -> [String] {
        guard var object = value as? [String: Any] else { return ["$: the answer is not a JSON object"] }
        guard object.removeValue(forKey: "status") as? String == "ok" else { return ["$.status: expected \"ok\""] }
        return errors(in: object)
    }
}
