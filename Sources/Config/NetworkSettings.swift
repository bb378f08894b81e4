import ClientTLS

/// The `network:` section of the configuration file: where connections made on a user's behalf (mail servers,
/// token endpoints) may go. Left out, only public addresses are reachable (``OutboundPolicy``'s default).
///
/// ```yaml
/// network:
///   allow_private_networks: true               # loopback, 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7
///   outbound_allow: ["10.1.2.0/24", "127.0.0.1/32"]   # exactly these ranges, whatever they are
/// ```
public struct NetworkSettings: Hashable, Sendable {
    public var allowPrivateNetworks: Bool
    public var outboundAllow: [IPAddressRange]

    public init(allowPrivateNetworks: Bool = false, outboundAllow: [IPAddressRange] = []) {
        self.allowPrivateNetworks = allowPrivateNetworks
        self.outboundAllow = outboundAllow
    }

    /// The policy the source factories enforce.
    public var outboundPolicy: OutboundPolicy {
        OutboundPolicy(allowPrivateNetworks: allowPrivateNetworks, allowed: outboundAllow)
    }

    /// These settings widened by command-line flags: a flag adds to what the file says, it never narrows it.
    public func adding(allowPrivateNetworks: Bool, outboundAllow: [IPAddressRange]) -> NetworkSettings {
        NetworkSettings(allowPrivateNetworks: self.allowPrivateNetworks || allowPrivateNetworks,
                        outboundAllow: self.outboundAllow + outboundAllow.filter { !self.outboundAllow.contains($0) })
    }

    /// The section as written; a key this section doesn't know is an error rather than ignored, since a
    /// misspelt `allow_private_networks` would otherwise leave the operator wondering why nothing connects.
    struct Declared: Decodable {
        var allowPrivateNetworks: Bool?
        var outboundAllow: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case allowPrivateNetworks = "allow_private_networks"
            case outboundAllow = "outbound_allow"
        }

        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let all = try decoder.container(keyedBy: AnyKey.self)
            for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
                let known = CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key],
                                                        debugDescription: "not a setting (known: \(known))"))
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            allowPrivateNetworks = try container.decodeIfPresent(Bool.self, forKey: .allowPrivateNetworks)
            outboundAllow = try container.decodeIfPresent([String].self, forKey: .outboundAllow)
        }
    }

    /// - Throws: `ConfigurationError` naming `network.outbound_allow[i]` and what is wrong with the range.
    init(declared: Declared?, origin: String) throws {
        let ranges = try (declared?.outboundAllow ?? []).enumerated().map { index, text in
            do {
                return try IPAddressRange(parsing: text)
            } catch let error as IPAddressRange.ParseError {
                throw ConfigurationError("\(origin): network.outbound_allow[\(index)]: \(error.description)")
            }
        }
        self.init(allowPrivateNetworks: declared?.allowPrivateNetworks ?? false, outboundAllow: ranges)
    }
}
