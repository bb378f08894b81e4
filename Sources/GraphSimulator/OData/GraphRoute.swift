import Foundation

/// What a `/v1.0/…` path names, parsed from the raw path (segments percent-decoded one by one, so `a%40b.c` and
/// `a@b.c` are the same user). Segment names are case-insensitive, keys may be written `mailFolders/{id}` or
/// `mailFolders('{id}')`, functions `delta` or `delta()`, and `childFolders/{id}` may follow a folder any number
/// of times.
enum GraphRoute: Sendable, Equatable {
    case me
    case folders(user: String)
    case folder(user: String, folder: String)
    case childFolders(user: String, folder: String)
    case folderDelta(user: String)
    case folderMessages(user: String, folder: String)
    case messageDelta(user: String, folder: String)
    case userMessages(user: String)
    case message(user: String, message: String)
    case mime(user: String, message: String)
    case attachments(user: String, message: String)
    case attachment(user: String, message: String, attachment: String)
    case attachmentValue(user: String, message: String, attachment: String)
    case subscriptions
    case subscription(id: String)
    case reauthorize(id: String)

    /// The user the route is about, for throttling and failures scoped to a mailbox.
    var user: String? {
        switch self {
        case .me, .subscriptions, .subscription, .reauthorize: nil
        case .folders(let user), .folder(let user, _), .childFolders(let user, _), .folderDelta(let user),
            .folderMessages(let user, _), .messageDelta(let user, _), .userMessages(let user),
            .message(let user, _), .mime(let user, _), .attachments(let user, _), .attachment(let user, _, _),
            .attachmentValue(let user, _, _):
            user
        }
    }

    /// Which endpoint this is, as failures name it.
    var endpoint: GraphEndpoint {
        switch self {
        case .me, .userMessages: .other
        case .folders, .folder, .childFolders: .folders
        case .folderDelta: .folderDelta
        case .folderMessages: .messages
        case .messageDelta: .messageDelta
        case .message: .message
        case .mime: .mime
        case .attachments, .attachment, .attachmentValue: .attachments
        case .subscriptions, .subscription, .reauthorize: .subscriptions
        }
    }

    /// Parses the path after `/v1.0`; nil when it names nothing the simulator serves.
    init?(path: String) {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncoding else { return nil }
            // `name('key')`, `name(key)` and `name()` become `name`, `key`.
            if let open = decoded.firstIndex(of: "("), decoded.hasSuffix(")") {
                segments.append(String(decoded[..<open]))
                var key = String(decoded[decoded.index(after: open)..<decoded.index(before: decoded.endIndex)])
                if key.hasPrefix("'"), key.hasSuffix("'"), key.count >= 2 {
                    key = String(key.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                }
                if !key.isEmpty { segments.append(key) }
            } else {
                segments.append(decoded)
            }
        }
        guard let route = Self.route(segments) else { return nil }
        self = route
    }

    private static func route(_ segments: [String]) -> GraphRoute? {
        var rest = ArraySlice(segments)
        guard let first = rest.popFirst()?.lowercased() else { return nil }
        switch first {
        case "me": return .me
        case "subscriptions":
            guard let id = rest.popFirst() else { return .subscriptions }
            if rest.isEmpty { return .subscription(id: id) }
            if rest.count == 1, rest.first?.lowercased() == "reauthorize" { return .reauthorize(id: id) }
            return nil
        case "users":
            guard let user = rest.popFirst(), !user.isEmpty else { return nil }
            return userRoute(user, rest)
        default: return nil
        }
    }

    private static func userRoute(_ user: String, _ segments: ArraySlice<String>) -> GraphRoute? {
        var rest = segments
        guard let collection = rest.popFirst()?.lowercased() else { return nil }
        switch collection {
        case "messages":
            guard let message = rest.popFirst() else { return .userMessages(user: user) }
            return messageRoute(user, message, rest)
        case "mailfolders":
            guard let folderSegment = rest.popFirst() else { return .folders(user: user) }
            if folderSegment.lowercased() == "delta" { return rest.isEmpty ? .folderDelta(user: user) : nil }
            var folder = folderSegment
            while rest.first?.lowercased() == "childfolders" {
                rest.removeFirst()
                guard let child = rest.popFirst() else { return .childFolders(user: user, folder: folder) }
                folder = child
            }
            guard let next = rest.popFirst()?.lowercased() else { return .folder(user: user, folder: folder) }
            guard next == "messages" else { return nil }
            guard let message = rest.popFirst() else { return .folderMessages(user: user, folder: folder) }
            if message.lowercased() == "delta" { return rest.isEmpty ? .messageDelta(user: user, folder: folder) : nil }
            return messageRoute(user, message, rest)
        default:
            return nil
        }
    }

    private static func messageRoute(_ user: String, _ message: String, _ segments: ArraySlice<String>) -> GraphRoute? {
        var rest = segments
        guard let next = rest.popFirst() else { return .message(user: user, message: message) }
        switch next.lowercased() {
        case "$value": return rest.isEmpty ? .mime(user: user, message: message) : nil
        case "attachments":
            guard let attachment = rest.popFirst() else { return .attachments(user: user, message: message) }
            if rest.isEmpty { return .attachment(user: user, message: message, attachment: attachment) }
            if rest.count == 1, rest.first?.lowercased() == "$value" {
                return .attachmentValue(user: user, message: message, attachment: attachment)
            }
            return nil
        default: return nil
        }
    }
}

/// The endpoints failures and counters can name.
public enum GraphEndpoint: String, Sendable, Hashable, CaseIterable {
    /// `mailFolders`, `mailFolders/{id}`, `childFolders`.
    case folders
    case folderDelta
    /// `mailFolders/{id}/messages`.
    case messages
    case messageDelta
    /// `messages/{id}`.
    case message
    /// `messages/{id}/$value`.
    case mime
    case attachments
    case subscriptions
    case other
}
