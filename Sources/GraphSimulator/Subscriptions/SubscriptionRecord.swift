import Foundation

/// A change notification subscription on a mailbox's messages (learn.microsoft.com/graph/api/resources/
/// subscription), as created by `POST /subscriptions`.
struct SubscriptionRecord: Sendable {
    let id: String
    /// The resource as the client wrote it, echoed back.
    let resource: String
    let mailbox: String
    /// The folder whose messages are watched; nil for all of the mailbox's messages.
    let folderKey: Int?
    let changeTypes: [String]
    let notificationURL: String
    let lifecycleNotificationURL: String?
    let clientState: String?
    var expiration: Date
    let applicationID: String
    let tenantID: String
    /// Created with `Prefer: IdType="ImmutableId"`: notifications name messages by immutable id.
    let immutableIDs: Bool
    let latestSupportedTLSVersion: String

    func render(serviceRoot: String, context: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if context { members.append(("@odata.context", .string("\(serviceRoot)/$metadata#subscriptions/$entity"))) }
        members += [
            ("id", .string(id)), ("resource", .string(resource)), ("applicationId", .string(applicationID)),
            ("changeType", .string(changeTypes.joined(separator: ","))), ("clientState", .optional(clientState)),
            ("notificationUrl", .string(notificationURL)), ("notificationQueryOptions", .null),
            ("lifecycleNotificationUrl", .optional(lifecycleNotificationURL)),
            ("expirationDateTime", .string(GraphDate.formatPrecise(expiration))), ("creatorId", .string(applicationID)),
            ("includeResourceData", .null), ("latestSupportedTlsVersion", .string(latestSupportedTLSVersion)),
            ("encryptionCertificate", .null), ("encryptionCertificateId", .null), ("notificationUrlAppId", .null),
        ]
        return .object(members)
    }

    /// The change notification collection for one change (learn.microsoft.com/graph/outlook-change-notification-
    /// overview): `resource` and `resourceData` name the message under the subscription's id type.
    func notification(for event: MailStore.Event, userID: String) -> JSONValue {
        let messageID = immutableIDs ? event.immutableID : event.restID
        let resource = "Users/\(userID)/Messages/\(messageID)"
        return .object([
            (
                "value",
                .array([
                    .object([
                        ("subscriptionId", .string(id)),
                        ("subscriptionExpirationDateTime", .string(GraphDate.formatPrecise(expiration))),
                        ("changeType", .string(event.changeType.rawValue)),
                        ("resource", .string(resource)),
                        (
                            "resourceData",
                            .object([
                                ("@odata.type", .string("#Microsoft.Graph.Message")), ("@odata.id", .string(resource)),
                                ("@odata.etag", .string("W/\"\(event.changeKey)\"")), ("id", .string(messageID)),
                            ])
                        ),
                        ("clientState", .optional(clientState)),
                        ("tenantId", .string(tenantID)),
                    ])
                ])
            )
        ])
    }

    /// A lifecycle notification (learn.microsoft.com/graph/change-notifications-lifecycle-events).
    func lifecycleNotification(_ event: GraphLifecycleEvent) -> JSONValue {
        .object([
            (
                "value",
                .array([
                    .object([
                        ("subscriptionId", .string(id)),
                        ("subscriptionExpirationDateTime", .string(GraphDate.formatPrecise(expiration))),
                        ("tenantId", .string(tenantID)),
                        ("clientState", .optional(clientState)),
                        ("lifecycleEvent", .string(event.rawValue)),
                    ])
                ])
            )
        ])
    }

    func watches(_ event: MailStore.Event) -> Bool {
        event.mailbox == mailbox && (folderKey == nil || folderKey == event.folderKey)
            && changeTypes.contains(event.changeType.rawValue)
    }
}

/// The lifecycle events Graph sends to `lifecycleNotificationUrl`.
public enum GraphLifecycleEvent: String, Sendable, Hashable, CaseIterable {
    /// Graph removed the subscription: create a new one.
    case subscriptionRemoved
    /// Notifications were lost: resynchronize through delta.
    case missed
    /// Reauthorize (`POST /subscriptions/{id}/reauthorize`) or the subscription will be removed.
    case reauthorizationRequired
}

/// One notification POST the simulator made, for tests.
public struct NotificationDelivery: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case validation, change, lifecycle
    }

    public var kind: Kind
    public var subscriptionID: String?
    public var url: String
    /// The receiver's HTTP status; nil when it could not be reached or did not answer in time.
    public var status: Int?
}
