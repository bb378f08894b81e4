/// CHALLENGE_MESSAGE, "Type 2" ([MS-NLMP] 2.2.1.2): the server's nonce, the flags it agreed to, and the
/// TargetInfo AV pairs that NTLMv2 binds into its response.
package struct NTLMChallengeMessage: Sendable, Hashable {
    package static let messageType: UInt32 = 2
    /// Signature, type, TargetNameFields, flags, ServerChallenge, Reserved, TargetInfoFields.
    private static let fixedCount = 48
    /// The shortest form servers send (up to ServerChallenge), from before TargetInfo existed.
    private static let minimumCount = 32

    package var flags: NTLMNegotiateFlags
    package var targetName: String?
    package var serverChallenge: [UInt8]
    package var targetInfo: NTLMTargetInfo
    package var version: NTLMVersion?

    package init(
        flags: NTLMNegotiateFlags,
        targetName: String?,
        serverChallenge: [UInt8],
        targetInfo: NTLMTargetInfo,
        version: NTLMVersion?
    ) {
        self.flags = flags
        self.targetName = targetName
        self.serverChallenge = serverChallenge
        self.targetInfo = targetInfo
        self.version = version
    }

    /// Payload in the order Windows writes it: TargetName, then TargetInfo (when the TARGET_INFO flag is set).
    package func encoded() throws(NTLMError) -> [UInt8] {
        let unicode = flags.contains(.unicode)
        let nameBytes = targetName.map { NTLMString.encode($0, unicode: unicode) } ?? []
        let infoBytes = flags.contains(.targetInfo) ? targetInfo.encoded() : []
        guard nameBytes.count <= Int(UInt16.max), infoBytes.count <= Int(UInt16.max) else {
            throw .tooLarge("challenge payload")
        }
        guard serverChallenge.count == 8 else { throw .malformed("server challenge of \(serverChallenge.count) bytes") }
        let headerCount = Self.fixedCount + (version == nil ? 0 : NTLMVersion.encodedCount)

        var writer = NTLMByteWriter()
        writer.append(NTLMByteReader.signature)
        writer.append(Self.messageType)
        writer.appendPayloadField(length: nameBytes.count, offset: headerCount)
        writer.append(flags.rawValue)
        writer.append(serverChallenge)
        writer.appendZeros(8)
        writer.appendPayloadField(length: infoBytes.count, offset: headerCount + nameBytes.count)
        version?.encode(into: &writer)
        writer.append(nameBytes)
        writer.append(infoBytes)
        return writer.bytes
    }

    /// [MS-NLMP] 2.2.1.2. TargetInfo is read whenever its field is non-empty; the 32-byte form without it is
    /// accepted (the NTLMv2 response then carries an empty AV pair list).
    package init(decoding bytes: [UInt8]) throws(NTLMError) {
        let reader = NTLMByteReader(bytes)
        let type = try reader.messageType()
        guard type == Self.messageType else { throw .unexpectedType(type) }
        guard bytes.count >= Self.minimumCount else { throw .malformed("challenge of \(bytes.count) bytes") }

        let nameField = try reader.payloadField(at: 12)
        flags = NTLMNegotiateFlags(rawValue: try reader.uint32(at: 20))
        serverChallenge = try reader.bytes(at: 24, count: 8)
        targetName = nameField.bytes.isEmpty
            ? nil : try NTLMString.decode(nameField.bytes, unicode: flags.contains(.unicode))

        var fields = [nameField]
        if bytes.count >= Self.fixedCount {
            let infoField = try reader.payloadField(at: 40)
            targetInfo = try NTLMTargetInfo(parsing: infoField.bytes)
            fields.append(infoField)
        } else {
            targetInfo = NTLMTargetInfo()
        }
        let payloadStart = fields.filter { !$0.bytes.isEmpty }.map(\.offset).min() ?? bytes.count
        if flags.contains(.version), payloadStart >= Self.fixedCount + NTLMVersion.encodedCount {
            version = try NTLMVersion(reader: reader, at: Self.fixedCount)
        }
    }
}
