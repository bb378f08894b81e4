import Foundation

/// The URLs of the requests a mailbox's sync makes (learn.microsoft.com/graph/api/mailfolder-delta,
/// message-delta, outlook-get-mime-message), under a Graph base URL such as `https://graph.microsoft.com/v1.0`.
public struct GraphRequests: Sendable, Equatable {
    /// The base URL without a trailing slash.
    public let base: String
    /// The mailbox: its primary SMTP address or the user's object id.
    public let user: String

    public init(base: String, user: String) {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.base = trimmed
        self.user = user
    }

    private var userRoot: String { "\(base)/users/\(Self.segment(user))" }

    /// The folder hierarchy, nested folders included: a fresh round each time (folders are few).
    public var folderDelta: String {
        "\(userRoot)/mailFolders/delta?$select=\(GraphFolderEntry.select)"
    }

    /// A well-known folder (`inbox`, `sentitems`, …), for its id.
    public func wellKnownFolder(_ name: String) -> String {
        "\(userRoot)/mailFolders/\(Self.segment(name))?$select=id"
    }

    /// The first round of a folder's message delta; `start` becomes `$filter=receivedDateTime ge …`, which Graph
    /// keeps in the delta link for later rounds.
    public func messageDelta(folderID: String, start: Date?) -> String {
        var url = "\(userRoot)/mailFolders/\(Self.segment(folderID))/messages/delta?$select=\(GraphMessageEntry.select)"
        if let start {
            url += "&$filter=" + Self.query("receivedDateTime ge \(GraphDate.format(start))")
        }
        return url
    }

    /// Change notification subscriptions (learn.microsoft.com/graph/api/subscription-post-subscriptions).
    public var subscriptions: String { "\(base)/subscriptions" }

    public func subscription(_ id: String) -> String { "\(base)/subscriptions/\(Self.segment(id))" }

    /// The resource a subscription to every message of the mailbox names, relative to the base URL.
    public var mailboxMessagesResource: String { "users/\(Self.segment(user))/messages" }

    /// A message's MIME content.
    public func mime(messageID: String) -> String {
        "\(userRoot)/messages/\(Self.segment(messageID))/$value"
    }

    /// Whether a link (a saved cursor, a next link) points under this base URL: a link to anywhere else is never
    /// followed with this mailbox's token. Scheme and host compare without case.
    public func owns(_ link: String) -> Bool {
        guard let linkURL = URLComponents(string: link), let baseURL = URLComponents(string: base),
              linkURL.scheme?.lowercased() == baseURL.scheme?.lowercased(),
              linkURL.host?.lowercased() == baseURL.host?.lowercased(), linkURL.port == baseURL.port
        else { return false }
        let basePath = baseURL.percentEncodedPath.hasSuffix("/") ? baseURL.percentEncodedPath
            : baseURL.percentEncodedPath + "/"
        return linkURL.percentEncodedPath.hasPrefix(basePath)
    }

    /// A path segment: unreserved characters and `@` as they are, the rest percent-encoded (ids may hold `/`, `+`
    /// and `=`).
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? text
    }

    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryCharacters) ?? text
    }

    private static let segmentCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@")
    private static let queryCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")
}
