import ClientTLS
import Domain
import Testing

/// The outbound policy's decisions (DESIGN.md invariant 8), address by address: the category of each special
/// range at its edges, in IPv4 and in every IPv6 form that carries an IPv4 address, then what the default, the
/// `allowPrivateNetworks` switch and an allow-list make of them.
struct OutboundPolicyTests {
    @Test(arguments: [
        // Each range's first and last address, and the addresses just outside it.
        ("0.0.0.0", AddressCategory.unspecified), ("0.255.255.255", .unspecified), ("1.0.0.0", .publicAddress),
        ("9.255.255.255", .publicAddress), ("10.0.0.0", .privateNetwork), ("10.255.255.255", .privateNetwork),
        ("11.0.0.0", .publicAddress),
        ("100.63.255.255", .publicAddress), ("100.64.0.0", .sharedAddressSpace),
        ("100.127.255.255", .sharedAddressSpace), ("100.128.0.0", .publicAddress),
        ("100.100.100.200", .cloudMetadata),
        ("126.255.255.255", .publicAddress), ("127.0.0.0", .loopback), ("127.0.0.1", .loopback),
        ("127.255.255.255", .loopback), ("128.0.0.0", .publicAddress),
        ("169.253.255.255", .publicAddress), ("169.254.0.0", .linkLocal), ("169.254.255.255", .linkLocal),
        ("169.255.0.0", .publicAddress), ("169.254.169.254", .cloudMetadata), ("169.254.169.253", .linkLocal),
        ("172.15.255.255", .publicAddress), ("172.16.0.0", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("172.32.0.0", .publicAddress),
        ("192.167.255.255", .publicAddress), ("192.168.0.0", .privateNetwork), ("192.168.255.255", .privateNetwork),
        ("192.169.0.0", .publicAddress),
        ("192.0.0.8", .reserved), ("192.0.2.1", .reserved), ("192.88.99.1", .reserved),
        ("198.17.255.255", .publicAddress),
        ("198.18.0.0", .reserved), ("198.19.255.255", .reserved), ("198.20.0.0", .publicAddress),
        ("198.51.100.7", .reserved), ("203.0.113.9", .reserved),
        ("223.255.255.255", .publicAddress), ("224.0.0.0", .multicast), ("239.255.255.255", .multicast),
        ("240.0.0.0", .reserved), ("255.255.255.254", .reserved), ("255.255.255.255", .broadcast),
        ("8.8.8.8", .publicAddress), ("93.184.216.34", .publicAddress),
        // IPv6.
        ("::", .unspecified), ("::1", .loopback), ("::2", .unspecified),
        ("fe80::", .linkLocal), ("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .linkLocal), ("fec0::1", .reserved),
        ("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .reserved), ("fc00::", .uniqueLocal),
        ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", .uniqueLocal), ("fd00:ec2::254", .cloudMetadata),
        ("fd00:ec2::253", .uniqueLocal), ("ff02::1", .multicast), ("ff0e::101", .multicast),
        ("2001:db8::1", .reserved), ("2001::1", .reserved), ("2001:1ff:ffff::1", .reserved),
        ("2001:200::1", .publicAddress),
        ("3fff::1", .reserved), ("64:ff9b:1::1", .reserved), ("100::1", .reserved), ("1fff:ffff::1", .reserved),
        ("4000::1", .reserved), ("2606:4700:4700::1111", .publicAddress), ("2a00:1450:4001::1", .publicAddress),
        // IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms take their IPv4 address's category.
        ("::ffff:127.0.0.1", .loopback), ("::ffff:7f00:1", .loopback), ("::ffff:0.0.0.0", .unspecified),
        ("::ffff:169.254.169.254", .cloudMetadata), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:100.64.0.1", .sharedAddressSpace), ("::ffff:224.0.0.1", .multicast),
        ("::ffff:8.8.8.8", .publicAddress),
        ("::127.0.0.1", .loopback), ("::10.0.0.1", .privateNetwork), ("::169.254.1.1", .linkLocal),
        ("64:ff9b::127.0.0.1", .loopback), ("64:ff9b::a9fe:a9fe", .cloudMetadata),
        ("64:ff9b::192.168.1.1", .privateNetwork),
        ("64:ff9b::8.8.8.8", .publicAddress),
        ("2002:7f00:1::", .loopback), ("2002:a9fe:a9fe::1", .cloudMetadata), ("2002:c0a8:101::1", .privateNetwork),
        ("2002:808:808::1", .publicAddress),
    ])
    func categories(_ text: String, _ category: AddressCategory) throws {
        #expect(AddressCategory(of: try #require(IPAddress(text))) == category)
    }

    static let allowList = OutboundPolicy(allowed: ["10.1.2.0/24", "169.254.169.254/32", "fd00:ec2::254/128",
                                                    "fe80::/64", "::ffff:192.168.7.0/120"].map(range))

    static func range(_ text: String) -> IPAddressRange {
        // Only called with literals this file spells right.
        (try? IPAddressRange(parsing: text)) ?? IPAddressRange(uncheckedNetwork: .v4(0), prefixLength: 32)
    }

    /// Whether the default policy, `allowPrivateNetworks` and ``allowList`` let each address through.
    @Test(arguments: [
        ("8.8.8.8", true, true, true), ("2606:4700:4700::1111", true, true, true),
        ("::ffff:8.8.8.8", true, true, true), ("64:ff9b::8.8.8.8", true, true, true),
        ("127.0.0.1", false, true, false), ("127.8.9.10", false, true, false), ("::1", false, true, false),
        ("::ffff:127.0.0.1", false, true, false), ("64:ff9b::7f00:1", false, true, false),
        ("10.1.2.3", false, true, true), ("10.1.2.255", false, true, true), ("10.1.3.0", false, true, false),
        ("::ffff:10.1.2.3", false, true, true), ("64:ff9b::10.1.2.3", false, true, false),
        ("172.16.5.4", false, true, false), ("192.168.1.1", false, true, false), ("192.168.7.9", false, true, true),
        ("100.64.0.1", false, true, false), ("fd12:3456::1", false, true, false), ("fc00::1", false, true, false),
        // Link-local and metadata: only an allow-list opens them, and only the ranges it names.
        ("169.254.169.254", false, false, true), ("::ffff:169.254.169.254", false, false, true),
        ("64:ff9b::a9fe:a9fe", false, false, false), ("169.254.1.1", false, false, false),
        ("fd00:ec2::254", false, false, true), ("100.100.100.200", false, false, false),
        ("fe80::1", false, false, true), ("fe80:0:0:1::1", false, false, false),
        // Never, unless allow-listed.
        ("0.0.0.0", false, false, false), ("::", false, false, false), ("224.0.0.251", false, false, false),
        ("ff02::fb", false, false, false), ("255.255.255.255", false, false, false), ("192.0.2.1", false, false, false),
        ("240.1.2.3", false, false, false), ("4000::1", false, false, false),
    ])
    func verdicts(_ text: String, _ byDefault: Bool, _ withPrivateNetworks: Bool, _ withAllowList: Bool) throws {
        let address = try #require(IPAddress(text))
        #expect(OutboundPolicy().allows(address) == byDefault)
        #expect(OutboundPolicy(allowPrivateNetworks: true).allows(address) == withPrivateNetworks)
        #expect(Self.allowList.allows(address) == withAllowList)
        #expect(OutboundPolicy().refusal(of: address) == (byDefault ? nil : AddressCategory(of: address)))
    }

    @Test func theRefusalSaysWhatWhyAndHowToAllowIt() throws {
        let loopback = try #require(IPAddress("127.0.0.1"))
        let other = try #require(IPAddress("::1"))
        let error = OutboundPolicy().refusedError(host: "localhost", port: 993,
                                                  refused: [(loopback, .loopback), (other, .loopback)])
        #expect(error.kind == .configuration)
        #expect(error.summary == "outbound connection to 127.0.0.1 refused: a loopback address (this machine)")
        for part in ["localhost (127.0.0.1), port 993", "::1 (loopback)", "network.allow_private_networks: true",
                     "--allow-private-networks", "network.outbound_allow", "--outbound-allow 127.0.0.1/32"] {
            #expect(error.detail.contains(part), "\(part) missing from: \(error.detail)")
        }
        let metadata = try #require(IPAddress("169.254.169.254"))
        let refused = OutboundPolicy(allowPrivateNetworks: true)
            .refusedError(host: "169.254.169.254", port: 80, refused: [(metadata, .cloudMetadata)])
        #expect(refused.summary.contains("169.254.169.254 refused: a cloud metadata service address"))
        #expect(refused.detail.hasPrefix("169.254.169.254, port 80,"))
        #expect(refused.detail.contains("--outbound-allow 169.254.169.254/32"))
        #expect(refused.detail.contains("allow_private_networks does not open cloud-metadata addresses"))
        #expect(!refused.detail.contains("--allow-private-networks"))
    }
}
