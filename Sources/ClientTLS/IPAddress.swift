import NIOCore

/// An IPv4 or IPv6 address as a number, parsed strictly from its text form (RFC 4291 §2.2 for IPv6, four dotted
/// decimal bytes for IPv4) or read from a resolved socket address. No zone ids, no shorthand IPv4 forms such as
/// `127.1` or `0x7f.0.0.1`: what the outbound policy compares must be exactly what an operator wrote.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses `192.0.2.1`, `2001:db8::1` or `::ffff:192.0.2.1`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let value = Self.parseIPv6(Substring(text)) else { return nil }
            self = .v6(value)
        } else {
            guard let value = Self.parseIPv4(Substring(text)) else { return nil }
            self = .v4(value)
        }
    }

    /// The address a socket connects to; nil for a Unix domain socket.
    public init?(_ address: SocketAddress) {
        // NIO prints the address with inet_ntop, whose forms the strict parser reads.
        guard let text = address.ipAddress, let parsed = IPAddress(text) else { return nil }
        switch (address, parsed) {
        case (.v4, .v4), (.v6, .v6): self = parsed
        default: return nil
        }
    }

    /// The number of bits: 32 or 128.
    public var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }

    /// The IPv4 address of an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2), which a dual-stack
    /// socket reaches as that IPv4 address.
    public var mappedIPv4: UInt32? {
        guard case .v6(let value) = self, value >> 32 == 0xffff else { return nil }
        return UInt32(truncatingIfNeeded: value)
    }

    /// RFC 5952 text for IPv6 (lowercase, the longest run of two or more zero groups as `::`, IPv4-mapped
    /// addresses in dotted form); dotted decimal for IPv4.
    public var description: String {
        switch self {
        case .v4(let value):
            return Self.dotted(value)
        case .v6(let value):
            if let mapped = mappedIPv4 { return "::ffff:" + Self.dotted(mapped) }
            let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
            var best = (start: -1, length: 0)
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else { index += 1; continue }
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index > best.length, end - index >= 2 { best = (index, end - index) }
                index = end
            }
            let hex = groups.map { String($0, radix: 16) }
            guard best.start >= 0 else { return hex.joined(separator: ":") }
            return hex[..<best.start].joined(separator: ":") + "::"
                + hex[(best.start + best.length)...].joined(separator: ":")
        }
    }

    static func dotted(_ value: UInt32) -> String {
        [24, 16, 8, 0].map { String(UInt8(truncatingIfNeeded: value >> $0)) }.joined(separator: ".")
    }

    /// Four decimal bytes 0-255, without leading zeros (`010` is octal to some parsers, decimal to others).
    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                  part.count == 1 || part.first != "0", let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    /// RFC 4291 §2.2: eight groups of 1-4 hex digits, one `::` standing for one or more zero groups, and a
    /// dotted IPv4 address in place of the last two groups.
    static func parseIPv6(_ text: Substring) -> UInt128? {
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring, last: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt16] = []
            for (index, field) in fields.enumerated() {
                if last, index == fields.count - 1, field.contains(".") {
                    guard let v4 = parseIPv4(field) else { return nil }
                    result += [UInt16(v4 >> 16), UInt16(truncatingIfNeeded: v4)]
                } else {
                    guard (1...4).contains(field.count), field.allSatisfy(\.isHexDigit), field.allSatisfy(\.isASCII),
                          let group = UInt16(field, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        let all: [UInt16]
        if halves.count == 1 {
            guard let only = groups(halves[0], last: true), only.count == 8 else { return nil }
            all = only
        } else {
            guard let head = groups(halves[0], last: false), let tail = groups(halves[1], last: true),
                  head.count + tail.count <= 7 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}
