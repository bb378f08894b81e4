import Domain
import Foundation
import Hummingbird
import Store

/// The caller's own notification webhook target (issue 20): `PUT` sets or replaces it (the answer shows the
/// signing secret, once), `GET` reads it without the secret, `DELETE` removes it. Every notification the user gets
/// is then also POSTed there, signed (the `webhook` channel). Only the caller's own user is ever named, so
/// another user's target is never reached: without one of its own the caller gets 404. The routes need a
/// permission that gets notifications (`integrations-read` or `triggers-write`, on any project): a token that
/// could not read a notification can't have them sent elsewhere either.
struct NotificationWebhookRoutes {
    let store: any Store
    let targets: (any WebhookTargetCheck)?


    struct SaveBody: Decodable {
        struct Fields: Decodable { var url: String }
        var webhook: Fields
    }

    func add(to router: Router<APIContext>) {
        router.put("api/_private/notifications/webhook") { request, context in
            let caller = try Self.receiver(context)
            let fields = try await JSONBody.decode(SaveBody.self, from: request, context: context).webhook
            if let problem = await Self.problem(fields.url, targets) {
                throw APIError(.badRequest, problem, field: "webhook.url")
            }
            let secret = WebhookSecret.generate()
            let saved = try await store.saveNotificationWebhook(userID: caller.user.id, url: fields.url,
                                                                secret: secret, now: UserRoutes.now())
            return try JSONBody.ok("webhook", NotificationWebhookView(webhook: saved, secret: secret.text))
        }
        router.get("api/_private/notifications/webhook") { _, context in
            let caller = try Self.receiver(context)
            guard let webhook = try await store.notificationWebhook(userID: caller.user.id) else {
                throw APIError.notFound("notification webhook")
            }
            return try JSONBody.ok("webhook", NotificationWebhookView(webhook: webhook))
        }
        router.delete("api/_private/notifications/webhook") { _, context in
            let caller = try Self.receiver(context)
            guard try await store.notificationWebhook(userID: caller.user.id) != nil else {
                throw APIError.notFound("notification webhook")
            }
            try await store.deleteNotificationWebhook(userID: caller.user.id)
            return try JSONBody.ok()
        }
    }

    /// The caller, when it may get notifications; 401 without one, 403 without either permission.
    private static func receiver(_ context: APIContext) throws(APIError) -> Caller {
        let caller = try context.authenticatedCaller()
        guard caller.access.allows(.integrationsRead) || caller.access.allows(.triggersWrite) else {
            throw APIError(.forbidden, "\(caller.subject) lacks the integrations-read and triggers-write "
                + "permissions: only those who get notifications may have them sent to a webhook")
        }
        return caller
    }

    /// Why a webhook target may not be `url`: the URL rule, then (when `serve` gave one) the outbound policy.
    static func problem(_ url: String, _ targets: (any WebhookTargetCheck)?) async -> String? {
        if let problem = WebhookURL.problem(url) { return problem }
        return await targets?.problem(url: url)
    }
}

/// A notification webhook target as the API shows it: never its secret, except in the answer that set it.
struct NotificationWebhookView: Encodable {
    let webhook: NotificationWebhook
    var secret: String?

    enum Key: String, CodingKey { case url, secret, createdAt = "created_at" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(webhook.url, forKey: .url)
        try container.encodeIfPresent(secret, forKey: .secret)
        try container.encode(webhook.createdAt, forKey: .createdAt)
    }
}
