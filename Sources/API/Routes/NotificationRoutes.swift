import Domain
import Foundation
import Hummingbird
import Store

/// The caller's own notifications (issue 20): the in-app list with read state, the unread count, and what the
/// caller is subscribed to. Everything is the caller's user's: no route names another user, and a notification id
/// of someone else's is answered as one that doesn't exist. Reading needs a permission that subscribes
/// (`integrations-read` for an integration's events, `triggers-write` for a stream webhook's), and lists only the
/// events of the kinds the caller's permissions subscribe to, on the projects it reaches; unsubscribing (PUT) needs
/// nothing, subscribing needs the permission on the integration's project (`all` needs either permission).
struct NotificationRoutes {
    let store: any Store

    static let maximumLimit = 200

    struct ReadBody: Decodable { var read: Bool }

    struct SubscriptionsEnvelope: Decodable { var subscriptions: SubscriptionsBody }

    struct SubscriptionsBody: Decodable {
        var all: Bool?
        var integrations: [Choice]?

        private enum CodingKeys: String, CodingKey { case all, integrations }

        /// A key left out keeps what is stored; a key given as null is a 400 naming it (the document allows no
        /// null), not taken as left out.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if container.contains(.all), try container.decodeNil(forKey: .all) {
                throw DecodingError.valueNotFound(Bool.self, .init(codingPath: container.codingPath + [CodingKeys.all],
                                                                   debugDescription: "null"))
            }
            if container.contains(.integrations), try container.decodeNil(forKey: .integrations) {
                throw DecodingError.valueNotFound([Choice].self, .init(
                    codingPath: container.codingPath + [CodingKeys.integrations], debugDescription: "null"))
            }
            all = try container.decodeIfPresent(Bool.self, forKey: .all)
            integrations = try container.decodeIfPresent([Choice].self, forKey: .integrations)
        }

        struct Choice: Decodable {
            var id: String
            var subscribed: Bool
        }
    }

    func add(to router: Router<APIContext>) {
        router.get("api/_private/notifications") { request, context in
            let (caller, kinds) = try Self.reader(context)
            let query = request.uri.queryParameters
            let limit = try CommentRoutes.integer(query["limit"].map(String.init), field: "limit", default: 50,
                                                  range: 1...Self.maximumLimit)
            let offset = try CommentRoutes.integer(query["offset"].map(String.init), field: "offset", default: 0,
                                                   range: 0...1_000_000)
            let unreadOnly = try Self.flag(query["unread_only"].map(String.init), field: "unread_only")
            let projects = caller.access.projects
            let page = try await store.notifications(userID: caller.user.id, projects: projects, kinds: kinds,
                                                     unreadOnly: unreadOnly, offset: offset, limit: limit)
            let unread = try await store.unreadNotificationCount(userID: caller.user.id, projects: projects,
                                                                 kinds: kinds)
            return try JSONBody.ok(["notifications": page.notifications.map(NotificationView.init),
                                    "total": page.total, "unread_count": unread])
        }
        router.get("api/_private/notifications/unread-count") { _, context in
            let (caller, kinds) = try Self.reader(context)
            return try JSONBody.ok("unread_count", try await store.unreadNotificationCount(
                userID: caller.user.id, projects: caller.access.projects, kinds: kinds))
        }
        router.post("api/_private/notifications/:id") { request, context in
            let (caller, kinds) = try Self.reader(context)
            let id = try context.parameter("id")
            let body = try await JSONBody.decode(ReadBody.self, from: request, context: context)
            // Checked before the write: a token limited to projects must not touch what it can't list.
            guard try await store.notification(userID: caller.user.id, id: id, projects: caller.access.projects,
                                               kinds: kinds) != nil else {
                throw APIError.notFound("notification \(id.prefix(64))")
            }
            let notification = try await store.setNotificationRead(userID: caller.user.id, id: id, read: body.read,
                                                                   now: UserRoutes.now())
            return try JSONBody.ok("notification", NotificationView(notification))
        }
        router.get("api/_private/notifications/subscriptions") { _, context in
            try context.require(.integrationsRead)
            let caller = try context.authenticatedCaller()
            return try JSONBody.ok("subscriptions", try await view(caller, context))
        }
        router.put("api/_private/notifications/subscriptions") { request, context in
            let caller = try context.authenticatedCaller()
            let body = try await JSONBody.decode(SubscriptionsEnvelope.self, from: request, context: context)
                .subscriptions
            var subscriptions = try await store.notificationSubscriptions(userID: caller.user.id)
            if let all = body.all {
                if all, !caller.access.allows(.integrationsRead), !caller.access.allows(.triggersWrite) {
                    throw Self.refusal(caller, project: nil)
                }
                subscriptions.all = all
            }
            for (index, choice) in (body.integrations ?? []).enumerated() {
                guard let integration = try await store.integration(id: choice.id),
                      caller.access.reaches(projects: [integration.owner]) else {
                    throw APIError(.notFound, "integration \(choice.id.prefix(64)) not found",
                                   field: "subscriptions.integrations[\(index)].id")
                }
                if choice.subscribed, !context.may(.integrationsRead, project: integration.owner) {
                    throw Self.refusal(caller, project: integration.owner)
                }
                subscriptions.integrations[integration.id] = choice.subscribed
            }
            try await store.setNotificationSubscriptions(userID: caller.user.id, subscriptions)
            return try JSONBody.ok("subscriptions", try await view(caller, context))
        }
    }

    /// The subscriptions with every integration the caller may view, and whether it hears about each.
    private func view(_ caller: Caller, _ context: APIContext) async throws -> SubscriptionsView {
        let subscriptions = try await store.notificationSubscriptions(userID: caller.user.id)
        let integrations = try await store.integrations().filter {
            context.may(.integrationsRead, project: $0.owner)
        }
        return SubscriptionsView(all: subscriptions.all, integrations: integrations.map {
            .init(id: $0.id, owner: $0.owner, name: $0.name, subscribed: subscriptions.wants($0.id))
        })
    }

    /// The caller and the kinds of events it may list; 403 when its permissions subscribe to none.
    private static func reader(_ context: APIContext) throws(APIError) -> (Caller, [NotificationEvent.Kind]) {
        let caller = try context.authenticatedCaller()
        let kinds = NotificationEvent.Kind.told(to: caller.access.permissions)
        guard !kinds.isEmpty else { try context.require(.integrationsRead); return (caller, kinds) }
        return (caller, kinds)
    }

    private static func refusal(_ caller: Caller, project: String?) -> APIError {
        APIError(.forbidden, "\(caller.subject) lacks the integrations-read permission"
            + (project.map { " on project \($0)" } ?? "")
            + ": only those who may view integrations may subscribe to their notifications")
    }

    static func flag(_ text: String?, field: String) throws(APIError) -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        default: throw APIError(.badRequest, "must be true or false", field: field)
        }
    }
}

/// A notification as the API shows it.
struct NotificationView: Encodable {
    var id: String
    var read: Bool
    var readAt: Date?
    var event: NotificationEvent

    init(_ notification: UserNotification) {
        id = notification.id
        read = notification.isRead
        readAt = notification.readAt
        event = notification.event
    }

    enum CodingKeys: String, CodingKey {
        case id, read, event
        case readAt = "read_at"
    }
}

struct SubscriptionsView: Encodable {
    var all: Bool
    var integrations: [Entry]

    struct Entry: Encodable {
        var id: String
        var owner: String
        var name: String
        var subscribed: Bool
    }
}
