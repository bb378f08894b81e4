/// MD4 message digest ([RFC 1320](https://www.rfc-editor.org/rfc/rfc1320)).
///
/// swift-crypto has no MD4, and NTLM needs it for exactly one thing: the NT hash of the password
/// (`NTOWFv1 = MD4(UNICODE(password))`, [MS-NLMP] 3.3.1). MD4 is broken as a general-purpose hash; don't use it
/// for anything else.
package enum MD4 {
    package static let digestCount = 16

    /// RFC 1320 section 3: pad to 448 mod 512 bits, append the 64-bit bit length, run three rounds per block.
    package static func hash(_ message: [UInt8]) -> [UInt8] {
        var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)

        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 {
            padded.append(0)
        }
        let bitCount = UInt64(message.count) &* 8
        for shift in stride(from: 0, to: 64, by: 8) {
            padded.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
        }

        var words = [UInt32](repeating: 0, count: 16)
        for blockStart in stride(from: 0, to: padded.count, by: 64) {
            for index in 0..<16 {
                let base = blockStart + index * 4
                words[index] = UInt32(padded[base]) | UInt32(padded[base + 1]) << 8
                    | UInt32(padded[base + 2]) << 16 | UInt32(padded[base + 3]) << 24
            }
            state = compress(state, words)
        }

        var digest: [UInt8] = []
        digest.reserveCapacity(digestCount)
        for word in [state.0, state.1, state.2, state.3] {
            for shift in stride(from: 0, to: 32, by: 8) {
                digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return digest
    }

    private static func compress(
        _ state: (UInt32, UInt32, UInt32, UInt32),
        _ x: [UInt32]
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        var (a, b, c, d) = state

        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
            (value << count) | (value >> (32 - count))
        }
        // Round 1: F(x, y, z) = xy v not(x) z.
        func round1(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ k: Int, _ s: UInt32) {
            a = rotate(a &+ ((b & c) | (~b & d)) &+ x[k], s)
        }
        // Round 2: G(x, y, z) = xy v xz v yz, plus the constant sqrt(2).
        func round2(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ k: Int, _ s: UInt32) {
            a = rotate(a &+ ((b & c) | (b & d) | (c & d)) &+ x[k] &+ 0x5a82_7999, s)
        }
        // Round 3: H(x, y, z) = x xor y xor z, plus the constant sqrt(3).
        func round3(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ k: Int, _ s: UInt32) {
            a = rotate(a &+ (b ^ c ^ d) &+ x[k] &+ 0x6ed9_eba1, s)
        }

        for k in stride(from: 0, to: 16, by: 4) {
            round1(&a, b, c, d, k, 3)
            round1(&d, a, b, c, k + 1, 7)
            round1(&c, d, a, b, k + 2, 11)
            round1(&b, c, d, a, k + 3, 19)
        }
        for k in 0..<4 {
            round2(&a, b, c, d, k, 3)
            round2(&d, a, b, c, k + 4, 5)
            round2(&c, d, a, b, k + 8, 9)
            round2(&b, c, d, a, k + 12, 13)
        }
        for k in [0, 2, 1, 3] {
            round3(&a, b, c, d, k, 3)
            round3(&d, a, b, c, k + 8, 9)
            round3(&c, d, a, b, k + 4, 11)
            round3(&b, c, d, a, k + 12, 15)
        }

        return (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
