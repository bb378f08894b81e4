import Domain

/// Where connections made on a user's behalf may go (DESIGN.md invariant 8). Anyone allowed to save an
/// integration chooses its host, so without this an API token could make the server connect to itself, to the
/// cloud metadata service that hands out the machine's credentials, or to anything on its private network.
///
/// By default only public addresses are allowed: loopback, unspecified, link-local (with the metadata services),
/// private (RFC 1918), carrier-grade NAT, unique local IPv6, multicast, broadcast and reserved addresses are
/// refused, in IPv4 and in every IPv6 form that carries an IPv4 address. ``allowPrivateNetworks`` opens
/// loopback, private, carrier-grade NAT and unique local addresses (where mail servers of a company network
/// live); an address in one of the ``allowed`` ranges is allowed whatever it is, the only way to reach a
/// link-local or metadata address.
///
/// The check applies to the addresses a host name resolves to, at the moment of connecting (see
/// ``resolve(host:port:)`` and ``connect(_:host:port:)``), so a name that resolves to a refused address is refused
/// too and a changed DNS answer can't slip one in between check and connect.
public struct OutboundPolicy: Hashable, Sendable {
    /// Allow loopback, private, carrier-grade NAT and unique local addresses.
    public var allowPrivateNetworks: Bool
    /// Ranges allowed whatever their category (except ``refusedCategories``).
    public var allowed: [IPAddressRange]
    /// Categories refused even inside ``allowed``: webhooks never go to link-local or metadata addresses, whatever
    /// the allow-list opens for mail servers.
    public var refusedCategories: Set<AddressCategory>
    /// Sockets never connected to (this server's own listener, for webhooks): an address in `range` on `port`.
    public var refusedEndpoints: [Endpoint]

    /// Addresses on one port.
    public struct Endpoint: Hashable, Sendable {
        public var range: IPAddressRange
        public var port: Int

        public init(range: IPAddressRange, port: Int) {
            self.range = range
            self.port = port
        }
    }

    /// The policy; with no arguments, the safe default that allows public addresses only.
    public init(allowPrivateNetworks: Bool = false, allowed: [IPAddressRange] = [],
                refusedCategories: Set<AddressCategory> = [], refusedEndpoints: [Endpoint] = []) {
        self.allowPrivateNetworks = allowPrivateNetworks
        self.allowed = allowed
        self.refusedCategories = refusedCategories
        self.refusedEndpoints = refusedEndpoints
    }

    /// Nil when the policy allows `address`; otherwise why it refuses it.
    public func refusal(of address: IPAddress) -> AddressCategory? {
        let category = AddressCategory(of: address)
        if refusedCategories.contains(category) { return category }
        if allowed.contains(where: { $0.contains(address) }) { return nil }
        if category == .publicAddress || (allowPrivateNetworks && category.isPrivateNetwork) { return nil }
        return category
    }

    /// Nil when the policy allows connecting to `address` on `port`; otherwise why it refuses it.
    public func refusal(of address: IPAddress, port: Int) -> AddressCategory? {
        // A dual-stack socket reaches ::ffff:a.b.c.d as a.b.c.d.
        let forms = [address] + (address.mappedIPv4.map { [IPAddress.v4($0)] } ?? [])
        if refusedEndpoints.contains(where: { endpoint in
            endpoint.port == port && forms.contains { endpoint.range.contains($0) }
        }) { return .thisService }
        return refusal(of: address)
    }

    public func allows(_ address: IPAddress) -> Bool {
        refusal(of: address) == nil
    }

    /// The error for a host whose every address the policy refuses: it names the addresses and why, and how the
    /// operator allows them. A configuration error, so the engine disables the integration instead of retrying.
    public func refusedError(host: String, port: Int, refused: [(IPAddress, AddressCategory)]) -> MailSourceError {
        guard let (address, category) = refused.first else {
            return MailSourceError(.configuration, "outbound connection refused", detail: "\(host) has no address")
        }
        let named = host == address.description || host == "[\(address)]" ? "\(address)" : "\(host) (\(address))"
        let others = refused.dropFirst().map { "\($0.0) (\($0.1.rawValue))" }
        let alsoRefused = others.isEmpty ? "" : "; its other addresses are refused too: "
            + others.joined(separator: ", ")
        let single = "\(address)/\(address.bitWidth)"
        if refused.contains(where: { $0.1 == .thisService || refusedCategories.contains($0.1) }) {
            return MailSourceError(
                .configuration, "outbound connection to \(address) refused: \(category.phrase)",
                detail: "\(named), port \(port), is \(category.phrase)\(alsoRefused); no setting allows it here.",
                advice: "point it at another address")
        }
        let howToAllow = refused.allSatisfy({ $0.1.isPrivateNetwork })
            ? "To allow it, set network.allow_private_networks: true in the configuration file or start mailstream "
                + "serve/sync with --allow-private-networks; to allow only this address, add \"\(single)\" to "
                + "network.outbound_allow or pass --outbound-allow \(single)."
            : "Only an explicit allow-list opens it: add \"\(single)\" to network.outbound_allow in the "
                + "configuration file, or start mailstream serve/sync with --outbound-allow \(single) "
                + "(allow_private_networks does not open \(category.rawValue) addresses)."
        return MailSourceError(
            .configuration, "outbound connection to \(address) refused: \(category.phrase)",
            detail: "\(named), port \(port), is \(category.phrase), which the outbound policy does not connect to"
                + "\(alsoRefused). \(howToAllow)",
            advice: howToAllow.prefix(1).lowercased() + howToAllow.dropFirst().dropLast())
    }
}
