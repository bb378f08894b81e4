/// The integration kinds this process knows, each with its connector. It is the engine's `MailSourceFactory` and
/// the API's and configuration file's way to read connections.
public struct ConnectorRegistry: MailSourceFactory {
    public let connectors: [any Connector]

    public init(_ connectors: [any Connector]) {
        self.connectors = connectors
    }

    /// The kinds by name, in the order registered.
    public var kinds: [Integration.Kind] { connectors.map(\.kind) }

    public func connector(for kind: Integration.Kind) -> (any Connector)? {
        connectors.first { $0.kind == kind }
    }

    /// A kind's name or alias is not one this process knows.
    public struct UnknownKind: Error, Sendable, CustomStringConvertible {
        public let name: String
        public let known: [String]
        public var description: String { "must be one of " + known.joined(separator: ", ") }
    }

    /// The kind of a connection given with `type` (a kind or an alias such as `exchange_online`) or without one:
    /// then the connection's shape decides, and a shape nobody claims is Exchange, as Communications Mining reads it.
    public func kind(named name: String?, connection: [String: JSONValue]) throws(UnknownKind) -> Integration.Kind {
        let candidates: [any Connector]
        if let name {
            let lowered = name.lowercased()
            candidates = connectors.filter { $0.kind.rawValue == lowered || $0.aliases.contains(lowered) }
        } else {
            candidates = connectors
        }
        if let claimed = candidates.first(where: { $0.recognizes(untyped: connection) }) { return claimed.kind }
        if name != nil, let first = candidates.first { return first.kind }
        if name == nil, let exchange = connectors.first(where: { $0.aliases.contains("exchange_online") }) {
            return exchange.kind
        }
        throw UnknownKind(name: name ?? "", known: connectors.map(\.kind.rawValue)
            + connectors.flatMap(\.aliases).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
    }

    /// The error record kind of a refused login for a kind (Exchange's name for kinds this process doesn't know).
    public func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind {
        connector(for: kind)?.refusedLogin ?? .invalidExchangeCredentials
    }

    public func credentials(of integration: Integration) -> [CredentialValidity] {
        connector(for: integration.kind)?.credentials(of: integration) ?? []
    }

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        guard let connector = connector(for: integration.kind) else {
            throw MailSourceError(.configuration, "no \(integration.kind.rawValue) connector in this build",
                                  detail: "integrations of type \(integration.kind.rawValue) cannot sync here",
                                  advice: "use one of " + kinds.map(\.rawValue).joined(separator: ", "))
        }
        return try await connector.makeSource(integration: integration, mailbox: mailbox)
    }
}
