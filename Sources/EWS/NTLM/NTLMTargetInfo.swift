/// One AV_PAIR ([MS-NLMP] 2.2.2.1): an attribute id and its value.
package struct NTLMAVPair: Sendable, Hashable {
    package var id: ID
    package var value: [UInt8]

    package struct ID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        package let rawValue: UInt16

        package init(rawValue: UInt16) {
            self.rawValue = rawValue
        }

        package static let eol = ID(rawValue: 0x0000)
        package static let nbComputerName = ID(rawValue: 0x0001)
        package static let nbDomainName = ID(rawValue: 0x0002)
        package static let dnsComputerName = ID(rawValue: 0x0003)
        package static let dnsDomainName = ID(rawValue: 0x0004)
        package static let dnsTreeName = ID(rawValue: 0x0005)
        package static let flags = ID(rawValue: 0x0006)
        package static let timestamp = ID(rawValue: 0x0007)
        package static let singleHost = ID(rawValue: 0x0008)
        package static let targetName = ID(rawValue: 0x0009)
        package static let channelBindings = ID(rawValue: 0x000A)

        package var description: String { "MsvAv(\(rawValue))" }
    }
}

/// A TargetInfo AV_PAIR list ([MS-NLMP] 2.2.2.1): sent by the server in the CHALLENGE, extended by the client
/// and embedded in its NTLMv2 response, where the proof covers it.
package struct NTLMTargetInfo: Sendable, Hashable {
    /// The pairs in order, without the terminating MsvAvEOL.
    package var pairs: [NTLMAVPair]

    /// Bits of MsvAvFlags ([MS-NLMP] 2.2.2.1).
    package static let flagMICPresent: UInt32 = 0x0000_0002

    package init(_ pairs: [NTLMAVPair] = []) {
        self.pairs = pairs
    }

    /// [MS-NLMP] 2.2.2.1: pairs follow each other until MsvAvEOL. Bytes after MsvAvEOL are ignored (the NTLMv2
    /// blob has reserved zeros there). A list that simply ends without MsvAvEOL is accepted, as some servers send
    /// one; a pair cut short is not.
    package init(parsing bytes: [UInt8]) throws(NTLMError) {
        let reader = NTLMByteReader(bytes)
        var pairs: [NTLMAVPair] = []
        var offset = 0
        while offset < bytes.count {
            let id = NTLMAVPair.ID(rawValue: try reader.uint16(at: offset))
            let length = Int(try reader.uint16(at: offset + 2))
            if id == .eol {
                guard length == 0 else { throw .malformed("MsvAvEOL with a value") }
                break
            }
            let value = try reader.bytes(at: offset + 4, count: length)
            try NTLMTargetInfo.validate(id: id, value: value)
            pairs.append(NTLMAVPair(id: id, value: value))
            offset += 4 + length
        }
        self.pairs = pairs
    }

    /// The fixed-size pairs must have their size; a 3-byte timestamp is an attack or a bug, not a timestamp.
    private static func validate(id: NTLMAVPair.ID, value: [UInt8]) throws(NTLMError) {
        let expected: Int? = switch id {
        case .flags: 4
        case .timestamp: 8
        case .channelBindings: 16
        default: nil
        }
        if let expected, value.count != expected {
            throw .malformed("\(id) of \(value.count) bytes")
        }
    }

    /// The pairs followed by MsvAvEOL.
    package func encoded() -> [UInt8] {
        var writer = NTLMByteWriter()
        for pair in pairs {
            writer.append(pair.id.rawValue)
            writer.append(UInt16(truncatingIfNeeded: pair.value.count))
            writer.append(pair.value)
        }
        writer.append(NTLMAVPair.ID.eol.rawValue)
        writer.append(UInt16(0))
        return writer.bytes
    }

    package subscript(id: NTLMAVPair.ID) -> [UInt8]? {
        pairs.first { $0.id == id }?.value
    }

    /// Sets the first pair with this id, or appends one.
    package mutating func set(_ id: NTLMAVPair.ID, _ value: [UInt8]) {
        if let index = pairs.firstIndex(where: { $0.id == id }) {
            pairs[index].value = value
        } else {
            pairs.append(NTLMAVPair(id: id, value: value))
        }
    }

    /// MsvAvTimestamp as a FILETIME (100 ns ticks since 1601-01-01 UTC).
    package var timestamp: UInt64? {
        guard let value = self[.timestamp], value.count == 8 else { return nil }
        return value.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    package var flags: UInt32? {
        guard let value = self[.flags], value.count == 4 else { return nil }
        return value.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    package func string(_ id: NTLMAVPair.ID) -> String? {
        guard let value = self[id] else { return nil }
        return try? NTLMString.decode(value, unicode: true)
    }

    package static func uint32Value(_ value: UInt32) -> [UInt8] {
        var writer = NTLMByteWriter()
        writer.append(value)
        return writer.bytes
    }

    package static func uint64Value(_ value: UInt64) -> [UInt8] {
        var writer = NTLMByteWriter()
        writer.append(value)
        return writer.bytes
    }
}
