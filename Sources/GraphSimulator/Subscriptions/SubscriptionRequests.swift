import Foundation

/// `POST /subscriptions` and the other subscription endpoints (learn.microsoft.com/graph/api/
/// subscription-post-subscriptions), the state parts only: the validation round trip happens between ``prepare``
/// and inserting the record, outside the lock.
struct SubscriptionRequests {
    let configuration: GraphSimulatorConfiguration
    let ticket: GraphTicket
    let now: Date

    /// The subscription a POST body asks for, checked; not yet stored.
    func prepare(_ body: [UInt8], state: GraphState, newID: String) -> Result<SubscriptionRecord, GraphError> {
        guard let json = JSONValue(parsing: body), json.members != nil else {
            return .failure(GraphError(400, "BadRequest", "Empty Payload. JSON content expected."))
        }
        guard let changeType = json["changeType"]?.stringValue else { return .failure(missing("changeType")) }
        let changeTypes = changeType.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !changeTypes.isEmpty, changeTypes.allSatisfy({ ["created", "updated", "deleted"].contains($0) }) else {
            return .failure(GraphError(400, "InvalidRequest", "Invalid 'changeType' attribute: '\(changeType)'."))
        }
        guard let notificationURL = json["notificationUrl"]?.stringValue else {
            return .failure(missing("notificationUrl"))
        }
        let lifecycleURL = json["lifecycleNotificationUrl"]?.stringValue
        for url in [notificationURL] + (lifecycleURL.map { [$0] } ?? []) {
            if let refusal = checkURL(url) { return .failure(refusal) }
        }
        guard let resource = json["resource"]?.stringValue else { return .failure(missing("resource")) }
        guard let expirationText = json["expirationDateTime"]?.stringValue else {
            return .failure(missing("expirationDateTime"))
        }
        guard let expiration = GraphDate.parse(expirationText) else {
            return .failure(
                GraphError(400, "InvalidRequest", "Could not parse expirationDateTime '\(expirationText)'."))
        }
        if let refusal = checkExpiration(expiration) { return .failure(refusal) }
        let clientState = json["clientState"]?.stringValue
        if let clientState, clientState.count > 128 {
            return .failure(GraphError(400, "InvalidRequest", "clientState is limited to 128 characters."))
        }
        let resourcePath = String(resource.prefix { $0 != "?" })
        let route = GraphRoute(path: resourcePath)
        let user: String
        let folder: String?
        switch route {
        case .folderMessages(let name, let folderName): (user, folder) = (name, folderName)
        case .userMessages(let name): (user, folder) = (name, nil)
        case .me: return .failure(.meWithoutUser)
        default:
            return .failure(
                GraphError(
                    400, "ExtensionError",
                    "Operation: Create; Exception: [Status Code: BadRequest; "
                        + "Reason: The resource '\(resource)' is not supported.]"))
        }
        guard let mailbox = state.store.mailboxKey(forUser: user) else {
            return .failure(configuration.unknownUserAnswer == .invalidUser ? .invalidUser(user) : .resourceNotFound)
        }
        var folderKey: Int?
        if let folder {
            guard let key = state.store.folderKey(folder, mailbox: mailbox) else { return .failure(.itemNotFound) }
            folderKey = key
        }
        return .success(
            SubscriptionRecord(
                id: newID, resource: resource, mailbox: mailbox, folderKey: folderKey, changeTypes: changeTypes,
                notificationURL: notificationURL, lifecycleNotificationURL: lifecycleURL, clientState: clientState,
                expiration: expiration, applicationID: ticket.clientID, tenantID: ticket.tenantID,
                immutableIDs: ticket.head.wantsImmutableIDs,
                latestSupportedTLSVersion: json["latestSupportedTlsVersion"]?.stringValue ?? "v1_2"))
    }

    /// PATCH: a new expiration (the only property a renewal changes).
    func renew(_ body: [UInt8], record: SubscriptionRecord) -> Result<SubscriptionRecord, GraphError> {
        guard let json = JSONValue(parsing: body), let text = json["expirationDateTime"]?.stringValue,
            let expiration = GraphDate.parse(text)
        else { return .failure(missing("expirationDateTime")) }
        if json["lifecycleNotificationUrl"] != nil {
            return .failure(
                GraphError(
                    400, "InvalidRequest",
                    "lifecycleNotificationUrl can't be updated; create a "
                        + "new subscription."))
        }
        if let refusal = checkExpiration(expiration) { return .failure(refusal) }
        var renewed = record
        renewed.expiration = expiration
        return .success(renewed)
    }

    private func checkExpiration(_ expiration: Date) -> GraphError? {
        if expiration <= now {
            return GraphError(400, "InvalidRequest", "Subscription expiration can only be in the future.")
        }
        let limit = configuration.maximumSubscriptionMinutes
        if expiration > now.addingTimeInterval(TimeInterval(limit * 60)) {
            return GraphError(
                400, "InvalidRequest",
                "Subscription expiration can only be \(limit) minutes in the "
                    + "future.")
        }
        return nil
    }

    private func checkURL(_ text: String) -> GraphError? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else {
            return GraphError(400, "InvalidRequest", "The notification URL '\(text)' is not a valid URL.")
        }
        if scheme == "https" { return nil }
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        if scheme == "http", loopback, configuration.allowsLoopbackHTTPNotifications { return nil }
        return GraphError(400, "ValidationError", "The Notification Url must use https: '\(text)'.")
    }

    private func missing(_ field: String) -> GraphError {
        GraphError(400, "InvalidRequest", "Property '\(field)' is required.")
    }

    /// The token of a validation request: Graph's text, which has spaces and colons, so receivers must decode it.
    static func validationToken(requestID: String) -> String {
        "Validation: Testing client application reachability for subscription Request-Id: \(requestID)"
    }

    /// `notificationUrl?validationToken=…`, the token percent-encoded.
    static func validationURL(_ base: String, token: String) -> URL? {
        let encoded =
            token.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~")))
            ?? token
        return URL(string: base + (base.contains("?") ? "&" : "?") + "validationToken=" + encoded)
    }
}
