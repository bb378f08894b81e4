/// NEGOTIATE_MESSAGE, "Type 1" ([MS-NLMP] 2.2.1.1): the client's opening, listing the features it wants.
package struct NTLMNegotiateMessage: Sendable, Hashable {
    package static let messageType: UInt32 = 1
    /// Signature, type, flags, DomainNameFields, WorkstationFields.
    private static let fixedCount = 32

    package private(set) var flags: NTLMNegotiateFlags
    /// Optional OEM-encoded names; Windows never sends them, and servers ignore them.
    package private(set) var domain: String?
    package private(set) var workstation: String?
    package private(set) var version: NTLMVersion?

    /// A message without domain or workstation payload (what Windows and browsers send).
    package init(flags: NTLMNegotiateFlags, version: NTLMVersion? = nil) {
        self.flags = flags
        self.version = version
        if version != nil {
            self.flags.insert(.version)
        }
    }

    /// A message that also supplies the client's domain and/or workstation name, setting the matching
    /// `OEM_*_SUPPLIED` flags. Throws `NTLMError.messageTooLarge` for names that don't fit a payload field.
    package init(flags: NTLMNegotiateFlags, domain: String?, workstation: String?, version: NTLMVersion? = nil)
        throws(NTLMError)
    {
        self.init(flags: flags, version: version)
        if let domain {
            guard domain.utf8.count <= Int(UInt16.max) else { throw .tooLarge("negotiate domain") }
            self.domain = domain
            self.flags.insert(.oemDomainSupplied)
        }
        if let workstation {
            guard workstation.utf8.count <= Int(UInt16.max) else { throw .tooLarge("negotiate workstation") }
            self.workstation = workstation
            self.flags.insert(.oemWorkstationSupplied)
        }
    }

    package func encoded() -> [UInt8] {
        let domainBytes = domain.map { NTLMString.encode($0, unicode: false) } ?? []
        let workstationBytes = workstation.map { NTLMString.encode($0, unicode: false) } ?? []
        let headerCount = Self.fixedCount + (version == nil ? 0 : NTLMVersion.encodedCount)

        var writer = NTLMByteWriter()
        writer.append(NTLMByteReader.signature)
        writer.append(Self.messageType)
        writer.append(flags.rawValue)
        writer.appendPayloadField(length: domainBytes.count, offset: headerCount)
        writer.appendPayloadField(length: workstationBytes.count, offset: headerCount + domainBytes.count)
        version?.encode(into: &writer)
        writer.append(domainBytes)
        writer.append(workstationBytes)
        return writer.bytes
    }

    /// [MS-NLMP] 2.2.1.1. Accepts the short 16-byte form of old clients (flags only).
    package init(decoding bytes: [UInt8]) throws(NTLMError) {
        let reader = NTLMByteReader(bytes)
        let type = try reader.messageType()
        guard type == Self.messageType else { throw .unexpectedType(type) }
        flags = NTLMNegotiateFlags(rawValue: try reader.uint32(at: 12))
        guard bytes.count >= Self.fixedCount else { return }

        let domainField = try reader.payloadField(at: 16)
        let workstationField = try reader.payloadField(at: 24)
        if flags.contains(.oemDomainSupplied) {
            domain = try NTLMString.decode(domainField.bytes, unicode: false)
        }
        if flags.contains(.oemWorkstationSupplied) {
            workstation = try NTLMString.decode(workstationField.bytes, unicode: false)
        }
        let payloadStart = [domainField, workstationField].filter { !$0.bytes.isEmpty }.map(\.offset).min()
            ?? bytes.count
        if flags.contains(.version), payloadStart >= Self.fixedCount + NTLMVersion.encodedCount {
            version = try NTLMVersion(reader: reader, at: Self.fixedCount)
        }
    }
}
