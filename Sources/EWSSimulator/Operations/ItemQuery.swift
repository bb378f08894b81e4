import Foundation

/// FindItem's `Restriction` and `SortOrder` ("Restriction", "SortOrder", "Contains" in the EWS reference) over the
/// item properties the simulator keeps: Subject, DateTimeReceived, DateTimeSent, DateTimeCreated, IsRead, From,
/// Sender, HasAttachments, Importance, Categories, InternetMessageId, ItemClass and Size. A restriction or sort on
/// another property fails with ErrorUnsupportedPathForQuery instead of quietly matching nothing.
struct ItemQuery {
    indirect enum Expression {
        case and([Expression])
        case or([Expression])
        case not(Expression)
        case compare(operator: String, field: String, constant: String)
        case contains(field: String, constant: String, mode: String, ignoreCase: Bool)
        case exists(field: String)
    }

    var restriction: Expression?
    var sort: [(field: String, ascending: Bool)] = []

    static let fields: Set<String> = [
        "item:Subject", "item:DateTimeReceived", "item:DateTimeSent", "item:DateTimeCreated", "message:IsRead",
        "message:From", "message:Sender", "item:HasAttachments", "item:Importance", "item:Categories",
        "message:InternetMessageId", "item:ItemClass", "item:Size",
    ]

    /// Reads the `Restriction` and `SortOrder` of a FindItem body.
    /// - Throws: the response code for a restriction the simulator can't evaluate.
    init(_ body: XMLNode) throws(CodeError) {
        if let node = body.child("Restriction") {
            guard let expression = node.children.first else { throw CodeError("ErrorInvalidRestriction") }
            restriction = try Self.parse(expression)
        }
        for order in body.child("SortOrder")?.children("FieldOrder") ?? [] {
            guard let field = order.child("FieldURI")?.attribute("FieldURI") else {
                throw CodeError("ErrorUnsupportedPathForQuery")
            }
            guard Self.fields.contains(field) else { throw CodeError("ErrorUnsupportedPathForQuery") }
            sort.append((field, order.attribute("Order") != "Descending"))
        }
    }

    private static func parse(_ node: XMLNode) throws(CodeError) -> Expression {
        switch node.name {
        case "And", "Or":
            var parts: [Expression] = []
            for child in node.children { parts.append(try parse(child)) }
            return node.name == "And" ? .and(parts) : .or(parts)
        case "Not":
            guard let child = node.children.first else { throw CodeError("ErrorInvalidRestriction") }
            return .not(try parse(child))
        case "IsEqualTo", "IsNotEqualTo", "IsGreaterThan", "IsGreaterThanOrEqualTo", "IsLessThan",
            "IsLessThanOrEqualTo":
            let field = try self.field(node)
            guard let constant = node.child("FieldURIOrConstant")?.child("Constant")?.attribute("Value") else {
                throw CodeError("ErrorInvalidRestriction")
            }
            return .compare(operator: node.name, field: field, constant: constant)
        case "Contains":
            let field = try self.field(node)
            guard let constant = node.child("Constant")?.attribute("Value") else {
                throw CodeError("ErrorInvalidRestriction")
            }
            let comparison = node.attribute("ContainmentComparison") ?? "Exact"
            return .contains(
                field: field, constant: constant, mode: node.attribute("ContainmentMode") ?? "FullString",
                ignoreCase: comparison.contains("IgnoreCase") || comparison.contains("Loose"))
        case "Exists":
            return .exists(field: try field(node))
        default:
            throw CodeError("ErrorInvalidRestriction")
        }
    }

    private static func field(_ node: XMLNode) throws(CodeError) -> String {
        guard let field = node.child("FieldURI")?.attribute("FieldURI") else {
            throw CodeError("ErrorUnsupportedPathForQuery")
        }
        guard fields.contains(field) else { throw CodeError("ErrorUnsupportedPathForQuery") }
        return field
    }

    /// The items that match, in the requested order (newest first when none is given).
    func apply(to items: [ItemRecord]) -> [ItemRecord] {
        let matching = restriction.map { expression in items.filter { Self.matches(expression, $0) } } ?? items
        return matching.sorted { left, right in
            for key in sort {
                let order = Self.compare(Self.values(key.field, left).first, Self.values(key.field, right).first)
                if order != .orderedSame { return key.ascending ? order == .orderedAscending : order == .orderedDescending }
            }
            // Exchange's own order when nothing else decides: newest first.
            return (left.dateTimeReceived, left.key) > (right.dateTimeReceived, right.key)
        }
    }

    enum Value {
        case text(String)
        case date(Date)
        case number(Int)
        case bool(Bool)
    }

    /// The field's values (several for Categories, address and name for From and Sender; none when unset).
    static func values(_ field: String, _ item: ItemRecord) -> [Value] {
        let properties = item.properties
        switch field {
        case "item:Subject": return item.subject.map { [.text($0)] } ?? []
        case "item:DateTimeReceived": return [.date(item.dateTimeReceived)]
        case "item:DateTimeSent": return [.date(properties.dateSent ?? item.dateTimeReceived)]
        case "item:DateTimeCreated": return [.date(item.dateTimeCreated)]
        case "message:IsRead": return [.bool(item.isRead)]
        case "message:From", "message:Sender":
            guard let address = field == "message:From" ? properties.from : properties.sender else { return [] }
            return [.text(address.address)] + (address.name.map { [.text($0)] } ?? [])
        case "item:HasAttachments": return [.bool(item.attachments.contains { !$0.isInline })]
        case "item:Importance": return [.text(item.importance)]
        case "item:Categories": return item.categories.map { .text($0) }
        case "message:InternetMessageId": return item.internetMessageID.map { [.text($0)] } ?? []
        case "item:ItemClass": return [.text(item.itemClass)]
        case "item:Size": return [.number(item.size)]
        default: return []
        }
    }

    private static func matches(_ expression: Expression, _ item: ItemRecord) -> Bool {
        switch expression {
        case .and(let parts): return parts.allSatisfy { matches($0, item) }
        case .or(let parts): return parts.contains { matches($0, item) }
        case .not(let part): return !matches(part, item)
        case .exists(let field): return !values(field, item).isEmpty
        case .compare(let op, let field, let constant):
            let found = values(field, item)
            if op == "IsNotEqualTo" {
                return !found.contains { compare($0, parse(constant, like: $0)) == .orderedSame }
            }
            return found.contains { value in
                // A constant that isn't a value of the field's type (a date that doesn't parse) matches nothing.
                guard let other = parse(constant, like: value) else { return false }
                let order = compare(value, other)
                switch op {
                case "IsEqualTo": return order == .orderedSame
                case "IsGreaterThan": return order == .orderedDescending
                case "IsGreaterThanOrEqualTo": return order != .orderedAscending
                case "IsLessThan": return order == .orderedAscending
                default: return order != .orderedDescending
                }
            }
        case .contains(let field, let constant, let mode, let ignoreCase):
            return values(field, item).contains { value in
                guard case .text(let raw) = value else { return false }
                let text = ignoreCase ? raw.lowercased() : raw
                let needle = ignoreCase ? constant.lowercased() : constant
                switch mode {
                case "FullString": return text == needle
                case "Prefixed": return text.hasPrefix(needle)
                case "PrefixOnWords":
                    return text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0.hasPrefix(needle) }
                default: return text.contains(needle)
                }
            }
        }
    }

    /// A restriction constant read as the kind of value it is compared with (`xs:dateTime`, `xs:boolean`, …).
    private static func parse(_ constant: String, like value: Value) -> Value? {
        switch value {
        case .text: return .text(constant)
        case .number: return Int(constant).map { .number($0) }
        case .bool: return .bool(XMLNode.isTrue(constant))
        case .date: return dateTime(constant).map { .date($0) }
        }
    }

    static func dateTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        // Exchange reads a dateTime without an offset as UTC.
        return formatter.date(from: text + "Z")
    }

    /// Strings compare case-insensitively, as Exchange's restrictions on text properties do.
    private static func compare(_ left: Value?, _ right: Value?) -> ComparisonResult {
        switch (left, right) {
        case (.text(let a)?, .text(let b)?): return a.compare(b, options: [.caseInsensitive])
        case (.date(let a)?, .date(let b)?): return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        case (.number(let a)?, .number(let b)?): return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        case (.bool(let a)?, .bool(let b)?): return a == b ? .orderedSame : (!a ? .orderedAscending : .orderedDescending)
        case (nil, nil): return .orderedSame
        case (nil, _): return .orderedAscending
        case (_, nil): return .orderedDescending
        default: return .orderedSame
        }
    }
}
