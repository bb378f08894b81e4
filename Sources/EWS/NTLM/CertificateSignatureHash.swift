extension NTLMChannelBinding.CertificateHash {
    /// The hash RFC 5929 §4.1 prescribes for a certificate (DER): the one of its signatureAlgorithm (RFC 5280
    /// §4.1.1.2), with MD5 and SHA-1 replaced by SHA-256. SHA-256 too for what this doesn't read: bytes that aren't
    /// a certificate, RSASSA-PSS (whose hash sits in the parameters) and EdDSA (RFC 5929 predates it).
    public init(signatureAlgorithmOf certificate: [UInt8]) {
        var outer = DERReader(certificate[...])
        guard var fields = outer.content(tag: 0x30).map(DERReader.init), fields.content(tag: 0x30) != nil,
            var algorithm = fields.content(tag: 0x30).map(DERReader.init), let oid = algorithm.content(tag: 0x06)
        else {
            self = .sha256
            return
        }
        switch Array(oid) {
        case Self.sha384WithRSA, Self.ecdsaWithSHA384: self = .sha384
        case Self.sha512WithRSA, Self.ecdsaWithSHA512: self = .sha512
        default: self = .sha256
        }
    }

    // 1.2.840.113549.1.1.12 and .13; 1.2.840.10045.4.3.3 and .4 (RFC 4055 §5, RFC 5758 §3.2).
    private static let sha384WithRSA: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C]
    private static let sha512WithRSA: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D]
    private static let ecdsaWithSHA384: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03]
    private static let ecdsaWithSHA512: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04]
}

/// Reads DER tag-length-value elements (X.690 §8.1.2-8.1.3) one after another: just enough to reach a
/// certificate's signatureAlgorithm.
private struct DERReader {
    package var bytes: ArraySlice<UInt8>

    package init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// The content of the next element when it has this one-byte tag; nil (and nothing consumed) otherwise.
    package mutating func content(tag: UInt8) -> ArraySlice<UInt8>? {
        guard bytes.first == tag, bytes.count >= 2 else { return nil }
        var index = bytes.startIndex + 1
        var length = Int(bytes[index])
        index += 1
        if length >= 0x80 {
            let count = length - 0x80
            guard (1...4).contains(count), bytes.endIndex - index >= count else { return nil }
            length = bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard length <= bytes.endIndex - index else { return nil }
        defer { bytes = bytes[(index + length)...] }
        return bytes[index..<index + length]
    }
}
