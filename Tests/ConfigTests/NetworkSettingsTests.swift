import ClientTLS
import Config
import Domain
import Sync
import Testing

/// The configuration file's `network:` section: where connections may go, deny by default, mistakes named.
struct NetworkSettingsTests {
    static let integration = """
        integrations:
          - name: support
            type: imap
            connection: {host: imap.example.com, username: support@example.com, password: pw}
            mailboxes: [{email: support@example.com}]
        """

    static func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test func theSectionIsRead() throws {
        let file = try ConfigurationFile(text: Self.integration + """

            network:
              allow_private_networks: true
              outbound_allow: ["10.1.2.0/24", "169.254.169.254/32", "fd00:ec2::254/128"]
            """, environment: [:], connectors: ConfigurationFileTests.connectors)
        #expect(file.integrations.map(\.name) == ["support"])
        #expect(file.network.allowPrivateNetworks)
        #expect(file.network.outboundAllow.map(\.description) == ["10.1.2.0/24", "169.254.169.254/32",
                                                                   "fd00:ec2::254/128"])
        let policy = file.network.outboundPolicy
        #expect(policy.allows(try Self.address("192.168.1.1")))
        #expect(policy.allows(try Self.address("169.254.169.254")))
        #expect(!policy.allows(try Self.address("169.254.169.253")))
    }

    @Test func withoutTheSectionOnlyPublicAddressesAreAllowed() throws {
        let file = try ConfigurationFile(text: Self.integration, environment: [:], connectors: ConfigurationFileTests.connectors)
        #expect(file.network == NetworkSettings())
        #expect(file.network.outboundPolicy == OutboundPolicy())
        #expect(!file.network.outboundPolicy.allows(try Self.address("127.0.0.1")))
        #expect(file.network.outboundPolicy.allows(try Self.address("8.8.8.8")))
    }

    @Test func aFileMayHoldOnlyTheSection() throws {
        let file = try ConfigurationFile(text: "network: {allow_private_networks: true}", environment: [:], connectors: ConfigurationFileTests.connectors)
        #expect(file.integrations.isEmpty)
        #expect(file.network.allowPrivateNetworks)
        #expect(throws: ConfigurationError.self) { try ConfigurationFile(text: "other: 1", environment: [:], connectors: ConfigurationFileTests.connectors) }
    }

    @Test(arguments: [
        ("network: {outbound_allow: [\"10.0.0.0/8\", \"10.1.2.3/24\"]}",
         "mail.yaml: network.outbound_allow[1]: '10.1.2.3/24' has bits set after the first 24: the range starting "
            + "there is 10.1.2.0/24, or write 10.1.2.3/32 for the one address"),
        ("network: {outbound_allow: [\"127.0.0.1\"]}",
         "mail.yaml: network.outbound_allow[0]: '127.0.0.1' has no prefix length: write 127.0.0.1/32"),
        ("network: {outbound_allow: [\"fd00::/129\"]}",
         "mail.yaml: network.outbound_allow[0]: 'fd00::/129': the prefix length must be a number from 0 to 128"),
        ("network: {outbound_allow: [\"intranet.example.com/24\"]}",
         "network.outbound_allow[0]: 'intranet.example.com/24': 'intranet.example.com' is not an IPv4 or IPv6"),
        ("network: {allow_private_network: true}",
         "mail.yaml: invalid value at network.allow_private_network: not a setting (known: "
            + "allow_private_networks, outbound_allow)"),
        ("network: {allow_private_networks: perhaps}", "mail.yaml: invalid value at network.allow_private_networks"),
        ("network: {outbound_allow: 10.0.0.0/8}", "mail.yaml: invalid value at network.outbound_allow"),
    ])
    func mistakesAreNamed(_ text: String, _ message: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationFile(text: text, origin: "mail.yaml", environment: [:], connectors: ConfigurationFileTests.connectors)
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test func flagsAddToTheFile() throws {
        let file = NetworkSettings(outboundAllow: [try IPAddressRange(parsing: "10.1.2.0/24")])
        let widened = file.adding(allowPrivateNetworks: true,
                                  outboundAllow: [try IPAddressRange(parsing: "10.1.2.0/24"),
                                                  try IPAddressRange(parsing: "169.254.169.254/32")])
        #expect(widened.allowPrivateNetworks)
        #expect(widened.outboundAllow.map(\.description) == ["10.1.2.0/24", "169.254.169.254/32"])
        // A flag left out never narrows what the file allows.
        let unchanged = NetworkSettings(allowPrivateNetworks: true).adding(allowPrivateNetworks: false,
                                                                          outboundAllow: [])
        #expect(unchanged.allowPrivateNetworks)
    }
}
