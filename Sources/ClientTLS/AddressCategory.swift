/// What an address is for, as the outbound policy sees it: the special-purpose ranges of IANA's IPv4 and IPv6
/// registries (RFC 6890 and its updates), the cloud metadata services, and everything else (public).
public enum AddressCategory: String, Hashable, Sendable, CaseIterable {
    case publicAddress = "public"
    /// 127.0.0.0/8, ::1.
    case loopback
    /// 0.0.0.0/8 ("this network"; Linux connects 0.0.0.0 to the local host), ::.
    case unspecified
    /// 169.254.0.0/16, fe80::/10.
    case linkLocal = "link-local"
    /// The instance metadata services of cloud providers (169.254.169.254, fd00:ec2::254, 100.100.100.200), which
    /// hand out the machine's credentials to whoever asks.
    case cloudMetadata = "cloud-metadata"
    /// 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918).
    case privateNetwork = "private"
    /// 100.64.0.0/10, carrier-grade NAT (RFC 6598).
    case sharedAddressSpace = "shared-address-space"
    /// fc00::/7 (RFC 4193), IPv6's private networks.
    case uniqueLocal = "unique-local"
    /// 224.0.0.0/4, ff00::/8.
    case multicast
    /// 255.255.255.255.
    case broadcast
    /// Documentation, benchmarking, protocol assignments, 240.0.0.0/4, IPv6 outside 2000::/3, …
    case reserved
    /// The listening socket of this Mailstream server (address and port): never an address's category by itself,
    /// only what ``OutboundPolicy/refusedEndpoints`` names, so a webhook can't be pointed at the service.
    case thisService = "this-service"

    /// What `allow_private_networks` opens: the networks an operator runs mail servers on. Link-local, metadata,
    /// multicast, broadcast, unspecified and reserved addresses stay closed unless named in an allow-list.
    public var isPrivateNetwork: Bool {
        switch self {
        case .loopback, .privateNetwork, .sharedAddressSpace, .uniqueLocal: true
        default: false
        }
    }

    /// The words for error messages: "127.0.0.1 is a loopback address".
    public var phrase: String {
        switch self {
        case .publicAddress: "a public address"
        case .loopback: "a loopback address (this machine)"
        case .unspecified: "an unspecified address (this machine)"
        case .linkLocal: "a link-local address"
        case .cloudMetadata: "a cloud metadata service address (it hands out this machine's credentials)"
        case .privateNetwork: "a private network address (RFC 1918)"
        case .sharedAddressSpace: "a carrier-grade NAT address (100.64.0.0/10)"
        case .uniqueLocal: "a unique local IPv6 address (fc00::/7, a private network)"
        case .multicast: "a multicast address"
        case .broadcast: "the broadcast address"
        case .reserved: "a reserved or special-purpose address"
        case .thisService: "this Mailstream server's own listening address"
        }
    }

    /// The category of an address. IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, the
    /// deprecated compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:AABB:CCDD::`) take the category
    /// of that IPv4 address, so `::ffff:127.0.0.1` is loopback.
    public init(of address: IPAddress) {
        switch address {
        case .v4(let value):
            self = Self.ipv4Table.first { $0.range.contains(.v4(value)) }?.category ?? .publicAddress
        case .v6(let value):
            if value == 0 { self = .unspecified; return }
            if value == 1 { self = .loopback; return }
            if let embedded = Self.embeddedIPv4(value) { self = Self(of: .v4(embedded)); return }
            if let special = Self.ipv6Table.first(where: { $0.range.contains(.v6(value)) }) {
                self = special.category
            } else {
                self = Self.globalUnicast.contains(.v6(value)) ? .publicAddress : .reserved
            }
        }
    }

    static func embeddedIPv4(_ value: UInt128) -> UInt32? {
        let address = IPAddress.v6(value)
        if embeddingLow32.contains(where: { $0.contains(address) }) { return UInt32(truncatingIfNeeded: value) }
        if sixToFour.contains(address) { return UInt32(truncatingIfNeeded: value >> 80) }
        return nil
    }

    /// IPv4-mapped (RFC 4291 §2.5.5.2), IPv4-compatible (§2.5.5.1), NAT64 well-known prefix (RFC 6052).
    static let embeddingLow32 = [IPAddressRange("::ffff:0:0/96"), IPAddressRange("::/96"),
                                 IPAddressRange("64:ff9b::/96")]
    /// RFC 3056: the IPv4 address is in bits 16-47.
    static let sixToFour = IPAddressRange("2002::/16")
    static let globalUnicast = IPAddressRange("2000::/3")

    /// First match wins: the metadata and broadcast addresses sit inside wider ranges.
    static let ipv4Table = table([
        ("169.254.169.254/32", .cloudMetadata), ("100.100.100.200/32", .cloudMetadata),
        ("255.255.255.255/32", .broadcast),
        ("0.0.0.0/8", .unspecified), ("127.0.0.0/8", .loopback), ("169.254.0.0/16", .linkLocal),
        ("10.0.0.0/8", .privateNetwork), ("172.16.0.0/12", .privateNetwork), ("192.168.0.0/16", .privateNetwork),
        ("100.64.0.0/10", .sharedAddressSpace), ("224.0.0.0/4", .multicast),
        ("192.0.0.0/24", .reserved), ("192.0.2.0/24", .reserved), ("192.88.99.0/24", .reserved),
        ("198.18.0.0/15", .reserved), ("198.51.100.0/24", .reserved), ("203.0.113.0/24", .reserved),
        ("240.0.0.0/4", .reserved),
    ])

    /// Ranges inside 2000::/3 and ULA/link-local/multicast; the rest of ::/0 outside 2000::/3 is reserved.
    static let ipv6Table = table([
        ("fd00:ec2::254/128", .cloudMetadata),
        ("fe80::/10", .linkLocal), ("fc00::/7", .uniqueLocal), ("ff00::/8", .multicast), ("fec0::/10", .reserved),
        ("2001::/23", .reserved), ("2001:db8::/32", .reserved), ("3fff::/20", .reserved),
    ])

    private static func table(_ entries: [(String, AddressCategory)])
        -> [(range: IPAddressRange, category: AddressCategory)] {
        entries.map { (IPAddressRange($0.0), $0.1) }
    }
}
