/// The RC4 stream cipher, only as NTLM key exchange uses it: `RC4K(KeyExchangeKey, RandomSessionKey)`
/// ([MS-NLMP] 3.1.5.1.2, 3.4.5.1). swift-crypto has no RC4, and NTLM over HTTP never seals messages, so this is
/// the one place it's needed.
package struct RC4 {
    private var state: [UInt8]
    private var i: UInt8 = 0
    private var j: UInt8 = 0

    /// Key-scheduling algorithm. `key` must not be empty.
    package init(key: [UInt8]) {
        precondition(!key.isEmpty, "RC4 needs a key")
        state = (0...255).map { UInt8($0) }
        var j: UInt8 = 0
        for index in 0..<256 {
            j = j &+ state[index] &+ key[index % key.count]
            state.swapAt(index, Int(j))
        }
    }

    /// XORs `data` with the next `data.count` bytes of key stream (encryption and decryption are the same).
    package mutating func process(_ data: [UInt8]) -> [UInt8] {
        var output = data
        for index in output.indices {
            i = i &+ 1
            j = j &+ state[Int(i)]
            state.swapAt(Int(i), Int(j))
            output[index] ^= state[Int(state[Int(i)] &+ state[Int(j)])]
        }
        return output
    }

    /// `RC4K(key, data)`: a fresh cipher used once.
    package static func encrypt(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var cipher = RC4(key: key)
        return cipher.process(data)
    }
}
