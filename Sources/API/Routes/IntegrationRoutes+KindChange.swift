import Domain
import Foundation
import Hummingbird

/// An update that moves an integration to another API of the same service: Exchange's EWS and Graph, which
/// Communications Mining's clients tell apart by `connection.microsoft_api.kind` under one `exchange_online` type.
/// Exchange Online turns EWS off (1 April 2027), so an EWS integration must be able to become a Graph one without
/// losing what it synced. Kinds may switch when their connectors answer as the same type; any other change of type
/// is refused.
extension IntegrationRoutes {
    /// The kind an update asks for: the one `type` names, the one the connection's `microsoft_api` claims among
    /// those, or the integration's own when the request says nothing else.
    /// - Throws: `APIError` for a type this process doesn't know.
    func requestedKind(type: String?, connection: [String: JSONValue]?, current: Integration.Kind)
        throws(APIError) -> Integration.Kind {
        var candidates = connectors.kinds.compactMap { connectors.connector(for: $0) }
        if let type {
            let lowered = type.lowercased()
            candidates = candidates.filter { $0.kind.rawValue == lowered || $0.aliases.contains(lowered) }
            if candidates.isEmpty {
                // The registry's own message names the types it knows.
                _ = try kind(named: type, connection: connection ?? [:])
                throw APIError(.badRequest, "unknown integration type \(type)", field: "integration.type")
            }
        }
        if let connection, connection["microsoft_api"] != nil,
           let claimed = candidates.first(where: { $0.recognizes(untyped: connection) }) {
            return claimed.kind
        }
        if candidates.contains(where: { $0.kind == current }) { return current }
        return candidates.first?.kind ?? current
    }

    /// Moves `integration` to `kind`: the connection is read afresh by the new kind's connector (a secret it also
    /// uses, such as the app's `client_secret`, is kept when left out; one it doesn't, such as EWS's `password`, is
    /// dropped), and the mailboxes' sync state is forgotten so the new API starts from its first page. Emails and
    /// comments stay; a comment's id comes from the Message-ID, so the new API's full listing doubles nothing.
    /// - Returns: whether the kind changed (the caller then resets the mailboxes' cursors once the integration is
    ///   saved).
    /// - Throws: `APIError` when the kinds can't switch or the request has no connection for the new kind.
    func switchKind(_ integration: inout Integration, to kind: Integration.Kind,
                    connection: [String: JSONValue]?) throws(APIError) -> Bool {
        guard kind != integration.kind else { return false }
        guard let from = connectors.connector(for: integration.kind), let to = connectors.connector(for: kind),
              from.answerType == to.answerType
        else {
            throw APIError(.badRequest, "the type of an integration cannot change (only an Exchange integration can "
                           + "move between ews and graph)", field: "integration.type")
        }
        guard let connection else {
            throw APIError(.badRequest, "is required to change the type of an integration to \(kind.rawValue)",
                           field: "integration.configuration.connection")
        }
        integration.connection = try read(connection, kind: kind, previous: integration.connection)
        integration.kind = kind
        return true
    }
}
