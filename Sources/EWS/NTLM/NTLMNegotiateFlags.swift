/// The NegotiateFlags bit field of every NTLM message ([MS-NLMP] 2.2.2.5).
package struct NTLMNegotiateFlags: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32

    package init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    package static let unicode = NTLMNegotiateFlags(rawValue: 0x0000_0001)
    package static let oem = NTLMNegotiateFlags(rawValue: 0x0000_0002)
    package static let requestTarget = NTLMNegotiateFlags(rawValue: 0x0000_0004)
    package static let sign = NTLMNegotiateFlags(rawValue: 0x0000_0010)
    package static let seal = NTLMNegotiateFlags(rawValue: 0x0000_0020)
    package static let datagram = NTLMNegotiateFlags(rawValue: 0x0000_0040)
    package static let lmKey = NTLMNegotiateFlags(rawValue: 0x0000_0080)
    package static let ntlm = NTLMNegotiateFlags(rawValue: 0x0000_0200)
    package static let anonymous = NTLMNegotiateFlags(rawValue: 0x0000_0800)
    package static let oemDomainSupplied = NTLMNegotiateFlags(rawValue: 0x0000_1000)
    package static let oemWorkstationSupplied = NTLMNegotiateFlags(rawValue: 0x0000_2000)
    package static let alwaysSign = NTLMNegotiateFlags(rawValue: 0x0000_8000)
    package static let targetTypeDomain = NTLMNegotiateFlags(rawValue: 0x0001_0000)
    package static let targetTypeServer = NTLMNegotiateFlags(rawValue: 0x0002_0000)
    package static let extendedSessionSecurity = NTLMNegotiateFlags(rawValue: 0x0008_0000)
    package static let identify = NTLMNegotiateFlags(rawValue: 0x0010_0000)
    package static let requestNonNTSessionKey = NTLMNegotiateFlags(rawValue: 0x0040_0000)
    package static let targetInfo = NTLMNegotiateFlags(rawValue: 0x0080_0000)
    package static let version = NTLMNegotiateFlags(rawValue: 0x0200_0000)
    package static let negotiate128 = NTLMNegotiateFlags(rawValue: 0x2000_0000)
    package static let keyExchange = NTLMNegotiateFlags(rawValue: 0x4000_0000)
    package static let negotiate56 = NTLMNegotiateFlags(rawValue: 0x8000_0000)

    /// What a current Windows or browser client asks for over HTTP: Unicode strings, NTLM with extended session
    /// security (so NTLMv2), target info for the NTLMv2 blob, and the version field. No signing or sealing: HTTP
    /// never uses them.
    package static let httpClient: NTLMNegotiateFlags = [
        .unicode, .requestTarget, .ntlm, .alwaysSign, .extendedSessionSecurity, .targetInfo, .version,
        .negotiate128, .negotiate56,
    ]
}

/// The VERSION structure ([MS-NLMP] 2.2.2.10): for debugging only, never used to make a decision.
package struct NTLMVersion: Sendable, Hashable {
    package var major: UInt8
    package var minor: UInt8
    package var build: UInt16
    /// `NTLMSSP_REVISION_W2K3`, the only current revision.
    package var revision: UInt8 = 0x0F

    /// What this client sends: no Windows product to claim, so zeros, with the current revision.
    package static let client = NTLMVersion(major: 0, minor: 0, build: 0)

    package static let encodedCount = 8

    package func encode(into writer: inout NTLMByteWriter) {
        writer.append(major)
        writer.append(minor)
        writer.append(build)
        writer.appendZeros(3)
        writer.append(revision)
    }

    package init(major: UInt8, minor: UInt8, build: UInt16, revision: UInt8 = 0x0F) {
        self.major = major
        self.minor = minor
        self.build = build
        self.revision = revision
    }

    package init(reader: NTLMByteReader, at offset: Int) throws(NTLMError) {
        major = try reader.uint8(at: offset)
        minor = try reader.uint8(at: offset + 1)
        build = try reader.uint16(at: offset + 2)
        revision = try reader.uint8(at: offset + 7)
    }
}

/// String encodings of NTLM payloads: UTF-16LE when `NTLMSSP_NEGOTIATE_UNICODE` was negotiated, otherwise the
/// "OEM" code page, which we take as UTF-8 (every server this talks to negotiates Unicode; OEM only matters for
/// the NEGOTIATE message's optional domain and workstation, which are ASCII in practice).
package enum NTLMString {
    package static func encode(_ string: String, unicode: Bool) -> [UInt8] {
        unicode ? utf16LE(string) : Array(string.utf8)
    }

    /// Decodes a payload string. Invalid UTF-16 or UTF-8 decodes with replacement characters rather than failing:
    /// a name that doesn't round-trip simply won't match a password on file.
    package static func decode(_ bytes: [UInt8], unicode: Bool) throws(NTLMError) -> String {
        guard unicode else { return String(decoding: bytes, as: UTF8.self) }
        guard bytes.count % 2 == 0 else { throw .malformed("odd-length UTF-16 string") }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }

    package static func utf16LE(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf16.count * 2)
        for unit in string.utf16 {
            bytes.append(UInt8(truncatingIfNeeded: unit))
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        return bytes
    }

    /// `Uppercase(User)` of NTOWFv2 ([MS-NLMP] 3.3.2). Windows upper-cases one UTF-16 unit at a time
    /// (RtlUpcaseUnicodeString), so use each scalar's simple mapping: `"ß".uppercased()` is "SS", but Windows
    /// keeps "ß", and so must we or the hash won't match.
    package static func uppercasedLikeWindows(_ string: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            let mapped = scalar.properties.uppercaseMapping.unicodeScalars
            if mapped.count == 1, let single = mapped.first {
                result.append(single)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
