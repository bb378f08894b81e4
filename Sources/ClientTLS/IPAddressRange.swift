/// A block of addresses in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): `10.1.2.0/24`, `fd12:3456::/48`.
/// Parsing is strict: the prefix length is required and checked, and an address with bits set after the prefix
/// (`10.1.2.3/24`) is refused rather than quietly widened, since an operator who wrote it meant something else.
public struct IPAddressRange: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the range (its host bits are zero).
    public let network: IPAddress
    public let prefixLength: Int

    /// Why a CIDR could not be parsed, in words an operator can act on.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// - Throws: ``ParseError`` for a missing or out-of-range prefix length, an address that is not a strict
    ///   IPv4 or IPv6 address, or host bits set.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            if parts.count == 1, let single = IPAddress(text) {
                throw ParseError(description: "'\(text)' has no prefix length: write \(single)/\(single.bitWidth) "
                                 + "for this one address")
            }
            throw ParseError(description: "'\(text)' is not a CIDR range (like 10.1.2.0/24 or fd00:1234::/48)")
        }
        guard let address = IPAddress(parts[0]) else {
            throw ParseError(description: "'\(text)': '\(parts[0])' is not an IPv4 or IPv6 address")
        }
        let lengthText = parts[1]
        guard !lengthText.isEmpty, lengthText.count <= 3, lengthText.allSatisfy({ $0.isASCII && $0.isNumber }),
              lengthText.count == 1 || lengthText.first != "0",
              let length = Int(lengthText), length <= address.bitWidth else {
            throw ParseError(description: "'\(text)': the prefix length must be a number from 0 to "
                             + "\(address.bitWidth) for an \(address.bitWidth == 32 ? "IPv4" : "IPv6") address")
        }
        let range = IPAddressRange(uncheckedNetwork: address, prefixLength: length)
        guard range.network == address else {
            throw ParseError(description: "'\(text)' has bits set after the first \(length): the range starting "
                             + "there is \(range), or write \(address)/\(address.bitWidth) for the one address")
        }
        self = range
    }

    /// The range of `prefixLength` leading bits of `address` (the rest are cleared).
    public init(uncheckedNetwork address: IPAddress, prefixLength: Int) {
        precondition((0...address.bitWidth).contains(prefixLength), "prefix length out of range")
        self.prefixLength = prefixLength
        switch address {
        case .v4(let value):
            network = .v4(prefixLength == 0 ? 0 : value & ~UInt32(0) << (32 - prefixLength))
        case .v6(let value):
            network = .v6(prefixLength == 0 ? 0 : value & ~UInt128(0) << (128 - prefixLength))
        }
    }

    /// Whether `address` lies in the range. Addresses of the other family never do, except that an IPv4-mapped
    /// IPv6 address (`::ffff:a.b.c.d`) is the IPv4 address it maps to, as a dual-stack socket treats it.
    public func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4, .v4), (.v6, .v6):
            return IPAddressRange(uncheckedNetwork: address, prefixLength: prefixLength).network == network
        case (.v4, .v6):
            guard let mapped = address.mappedIPv4 else { return false }
            return contains(.v4(mapped))
        case (.v6, .v4(let value)):
            return contains(.v6(0xffff_0000_0000 | UInt128(value)))
        }
    }

    public var description: String { "\(network)/\(prefixLength)" }
}

extension IPAddressRange {
    /// A range from a literal known to be valid (the tables of special-purpose ranges).
    init(_ literal: String) {
        do {
            try self.init(parsing: literal)
        } catch {
            preconditionFailure("bad range literal \(literal): \(error)")
        }
    }
}
