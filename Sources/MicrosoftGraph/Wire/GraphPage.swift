import Foundation

/// One page of a Graph collection (learn.microsoft.com/graph/paging, delta-query-overview): the entries, and
/// either `@odata.nextLink` (more pages of this round) or `@odata.deltaLink` (the round is done; the link starts the
/// next one).
///
/// Decoding is tolerant, as Graph's own SDKs are: unknown members are ignored, and an entry that can't be read is
/// kept as ``Entry/unreadable`` with its id when it has one, so one odd item never stops a folder.
public struct GraphPage<Item: GraphEntry>: Sendable {
    public enum Entry: Sendable {
        case item(Item)
        /// `{"id": "…", "@removed": {"reason": "deleted" | "changed"}}`.
        case removed(id: String, reason: String)
        /// An entry whose members could not be read; the id when it had one.
        case unreadable(id: String?, problem: String)
    }

    public var entries: [Entry]
    public var nextLink: String?
    public var deltaLink: String?

    public init(entries: [Entry], nextLink: String?, deltaLink: String?) {
        self.entries = entries
        self.nextLink = nextLink
        self.deltaLink = deltaLink
    }

    /// Reads a page from a response body.
    /// - Throws: ``GraphWireError`` when the body is not a JSON object with a `value` array.
    public static func parse(_ body: [UInt8]) throws(GraphWireError) -> GraphPage {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw GraphWireError("the answer is not a JSON object")
            }
            object = parsed
        } catch let error as GraphWireError {
            throw error
        } catch {
            throw GraphWireError("the answer is not JSON", detail: "\(body.count) bytes")
        }
        guard let values = object["value"] as? [Any] else {
            throw GraphWireError("the answer has no value array")
        }
        let entries = values.map { value -> Entry in
            guard let member = value as? [String: Any] else { return .unreadable(id: nil, problem: "not an object") }
            let id = member["id"] as? String
            if let removed = member["@removed"] {
                guard let id else { return .unreadable(id: nil, problem: "a removal without an id") }
                return .removed(id: id, reason: ((removed as? [String: Any])?["reason"] as? String) ?? "deleted")
            }
            switch Item.read(member) {
            case .success(let item): return .item(item)
            case .failure(let problem): return .unreadable(id: id, problem: problem.summary)
            }
        }
        return GraphPage(entries: entries, nextLink: object["@odata.nextLink"] as? String,
                         deltaLink: object["@odata.deltaLink"] as? String)
    }
}

/// An entity a Graph page holds, read from its JSON members.
public protocol GraphEntry: Sendable {
    static func read(_ members: [String: Any]) -> Result<Self, GraphWireError>
}

/// A Graph answer that isn't what the protocol says: the engine treats it as a server failure.
public struct GraphWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short, fixed description.
    public var summary: String
    public var detail: String

    public init(_ summary: String, detail: String = "") {
        self.summary = summary
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? summary : "\(summary): \(detail)" }
}
