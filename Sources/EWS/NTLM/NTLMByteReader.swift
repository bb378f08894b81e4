/// Bounds-checked little-endian reads from an NTLM message. Every read either returns in-range bytes or throws
/// `NTLMError.malformedMessage`; nothing here can trap on hostile input.
package struct NTLMByteReader {
    package let bytes: [UInt8]

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    package var count: Int { bytes.count }

    package func bytes(at offset: Int, count: Int) throws(NTLMError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw .malformed("\(count) bytes at offset \(offset) run past the end (\(bytes.count) bytes)")
        }
        return Array(bytes[offset..<(offset + count)])
    }

    package func uint8(at offset: Int) throws(NTLMError) -> UInt8 {
        try bytes(at: offset, count: 1)[0]
    }

    package func uint16(at offset: Int) throws(NTLMError) -> UInt16 {
        let raw = try bytes(at: offset, count: 2)
        return UInt16(raw[0]) | UInt16(raw[1]) << 8
    }

    package func uint32(at offset: Int) throws(NTLMError) -> UInt32 {
        let raw = try bytes(at: offset, count: 4)
        return raw.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    package func uint64(at offset: Int) throws(NTLMError) -> UInt64 {
        let raw = try bytes(at: offset, count: 8)
        return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A payload field descriptor ([MS-NLMP] 2.2.1.1: `Len` (2), `MaxLen` (2, ignored on receipt), `BufferOffset`
    /// (4)) at `offset`, resolved to the bytes it points at.
    package func payloadField(at offset: Int) throws(NTLMError) -> PayloadField {
        let length = Int(try uint16(at: offset))
        let bufferOffset = Int(try uint32(at: offset + 4))
        // An empty field's offset is meaningless: some clients leave it 0, others point past the end.
        guard length > 0 else { return PayloadField(offset: bufferOffset, bytes: []) }
        return PayloadField(offset: bufferOffset, bytes: try bytes(at: bufferOffset, count: length))
    }

    /// Checks the `NTLMSSP\0` signature and returns the message type ([MS-NLMP] 2.2.1).
    package func messageType() throws(NTLMError) -> UInt32 {
        guard try bytes(at: 0, count: 8) == NTLMByteReader.signature else {
            throw .malformed("no NTLMSSP signature")
        }
        return try uint32(at: 8)
    }

    package static let signature: [UInt8] = Array("NTLMSSP".utf8) + [0]

    package struct PayloadField {
        package var offset: Int
        package var bytes: [UInt8]
    }
}

/// Little-endian writes for the NTLM encoders.
package struct NTLMByteWriter {
    package private(set) var bytes: [UInt8] = []

    package mutating func append(_ value: UInt8) {
        bytes.append(value)
    }

    package mutating func append(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    package mutating func append(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    package mutating func append(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    package mutating func append(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    package mutating func appendZeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Writes a payload field descriptor (length, max length, offset) for `length` bytes at `offset`.
    package mutating func appendPayloadField(length: Int, offset: Int) {
        append(UInt16(truncatingIfNeeded: length))
        append(UInt16(truncatingIfNeeded: length))
        append(UInt32(truncatingIfNeeded: offset))
    }

    package mutating func replace(at offset: Int, with data: [UInt8]) {
        bytes.replaceSubrange(offset..<(offset + data.count), with: data)
    }
}
