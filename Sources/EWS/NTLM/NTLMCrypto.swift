import Crypto

/// The few primitives of [MS-NLMP] 6 ("Appendix A: Cryptographic Operations Reference") that NTLMv2 uses.
package enum NTLMCrypto {
    /// `HMAC_MD5(K, M)`.
    package static func hmacMD5(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.MD5>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// `MD5(M)`.
    package static func md5(_ message: [UInt8]) -> [UInt8] {
        Array(Insecure.MD5.hash(data: message))
    }

    /// Compares two byte strings in time that depends only on their lengths, so a verifier doesn't leak how many
    /// leading bytes of a proof or MIC an attacker got right.
    package static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
