/// AUTHENTICATE_MESSAGE, "Type 3" ([MS-NLMP] 2.2.1.3): the client's responses to the challenge, its names, the
/// optional encrypted session key, and the MIC over all three messages.
package struct NTLMAuthenticateMessage: Sendable, Hashable {
    package static let messageType: UInt32 = 3
    /// Signature, type, six payload fields, flags.
    private static let fixedCount = 64
    /// The MIC follows the 8-byte Version field.
    package static let micOffset = fixedCount + NTLMVersion.encodedCount
    package static let micCount = 16

    package var flags: NTLMNegotiateFlags
    package var lmChallengeResponse: [UInt8]
    package var ntChallengeResponse: [UInt8]
    package var domain: String
    package var user: String
    package var workstation: String
    package var encryptedRandomSessionKey: [UInt8]
    package var version: NTLMVersion?
    /// The 16-byte MIC field, or nil when the message has none (the payload starts right after Version).
    package var mic: [UInt8]?

    package init(
        flags: NTLMNegotiateFlags,
        lmChallengeResponse: [UInt8],
        ntChallengeResponse: [UInt8],
        domain: String,
        user: String,
        workstation: String,
        encryptedRandomSessionKey: [UInt8] = [],
        version: NTLMVersion?,
        mic: [UInt8]?
    ) {
        self.flags = flags
        self.lmChallengeResponse = lmChallengeResponse
        self.ntChallengeResponse = ntChallengeResponse
        self.domain = domain
        self.user = user
        self.workstation = workstation
        self.encryptedRandomSessionKey = encryptedRandomSessionKey
        self.version = version
        self.mic = mic
    }

    /// The header is 64 bytes, plus Version (8) when there is a version or a MIC, plus the MIC (16). The payload
    /// follows in the order Windows writes it ([MS-NLMP] 4.2.4.3): domain, user, workstation, LM response,
    /// NT response, encrypted session key.
    package func encoded() throws(NTLMError) -> [UInt8] {
        let unicode = flags.contains(.unicode)
        let payloads = [
            NTLMString.encode(domain, unicode: unicode),
            NTLMString.encode(user, unicode: unicode),
            NTLMString.encode(workstation, unicode: unicode),
            lmChallengeResponse,
            ntChallengeResponse,
            encryptedRandomSessionKey,
        ]
        guard payloads.allSatisfy({ $0.count <= Int(UInt16.max) }) else { throw .tooLarge("authenticate payload") }
        if let mic, mic.count != Self.micCount { throw .malformed("MIC of \(mic.count) bytes") }

        var headerCount = Self.fixedCount
        if version != nil || mic != nil { headerCount += NTLMVersion.encodedCount }
        if mic != nil { headerCount += Self.micCount }
        var offsets: [Int] = []
        var next = headerCount
        for payload in payloads {
            offsets.append(next)
            next += payload.count
        }

        var writer = NTLMByteWriter()
        writer.append(NTLMByteReader.signature)
        writer.append(Self.messageType)
        // Field descriptors are in a different order (LM, NT, domain, user, workstation, key) than the payload.
        for index in [3, 4, 0, 1, 2, 5] {
            writer.appendPayloadField(length: payloads[index].count, offset: offsets[index])
        }
        writer.append(flags.rawValue)
        if let version {
            version.encode(into: &writer)
        } else if mic != nil {
            writer.appendZeros(NTLMVersion.encodedCount)
        }
        if let mic {
            writer.append(mic)
        }
        for payload in payloads {
            writer.append(payload)
        }
        return writer.bytes
    }

    /// [MS-NLMP] 2.2.1.3. Whether Version and MIC are present is read from where the payload starts: a field
    /// pointing inside them means they aren't there.
    package init(decoding bytes: [UInt8]) throws(NTLMError) {
        let reader = NTLMByteReader(bytes)
        let type = try reader.messageType()
        guard type == Self.messageType else { throw .unexpectedType(type) }
        guard bytes.count >= Self.fixedCount else { throw .malformed("authenticate of \(bytes.count) bytes") }

        let lmField = try reader.payloadField(at: 12)
        let ntField = try reader.payloadField(at: 20)
        let domainField = try reader.payloadField(at: 28)
        let userField = try reader.payloadField(at: 36)
        let workstationField = try reader.payloadField(at: 44)
        let keyField = try reader.payloadField(at: 52)
        flags = NTLMNegotiateFlags(rawValue: try reader.uint32(at: 60))

        let unicode = flags.contains(.unicode)
        lmChallengeResponse = lmField.bytes
        ntChallengeResponse = ntField.bytes
        domain = try NTLMString.decode(domainField.bytes, unicode: unicode)
        user = try NTLMString.decode(userField.bytes, unicode: unicode)
        workstation = try NTLMString.decode(workstationField.bytes, unicode: unicode)
        encryptedRandomSessionKey = keyField.bytes

        let fields = [lmField, ntField, domainField, userField, workstationField, keyField]
        let payloadStart = fields.filter { !$0.bytes.isEmpty }.map(\.offset).min() ?? bytes.count
        if flags.contains(.version), payloadStart >= Self.micOffset {
            version = try NTLMVersion(reader: reader, at: Self.fixedCount)
        }
        if payloadStart >= Self.micOffset + Self.micCount {
            mic = try reader.bytes(at: Self.micOffset, count: Self.micCount)
        }
    }

    /// The message as the MIC covers it: with the MIC field zeroed ([MS-NLMP] 3.1.5.1.2).
    package static func zeroingMIC(in bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= micOffset + micCount else { return bytes }
        var copy = bytes
        copy.replaceSubrange(micOffset..<(micOffset + micCount), with: repeatElement(0, count: micCount))
        return copy
    }
}
