import Foundation

/// Makes ids shaped like Exchange's: base64 of a long binary entry id (`AAMkA…`), mixed case, with `+`, `/` and
/// padding, so clients that lower-case, trim or truncate ids fail against the simulator as they would against
/// Exchange ("EWS identifiers in Exchange": ids are case-sensitive and can exceed 512 bytes in storage).
struct OpaqueIDGenerator: Sendable {
    enum Kind: UInt8, Sendable {
        case folder = 0x01
        case item = 0x46
        case attachment = 0x12
    }

    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    /// A fresh id: Exchange's `00 03 24 00` prefix, a 16-byte mailbox GUID, the kind and serial, then
    /// pseudo-random bytes standing for the store's entry id.
    mutating func make(_ kind: Kind, mailboxGUID: [UInt8], serial: Int) -> String {
        var bytes: [UInt8] = [0x00, 0x03, 0x24, 0x00]
        bytes += mailboxGUID
        bytes.append(kind.rawValue)
        withUnsafeBytes(of: UInt64(serial).bigEndian) { bytes += $0 }
        let extra = kind == .folder ? 22 : 70
        bytes += randomBytes(extra)
        return Data(bytes).base64EncodedString()
    }

    /// A `ChangeKey`: `CQAAABYAAA…` (a version prefix plus base64 of a counter and random bytes).
    mutating func changeKey(version: Int) -> String {
        var bytes: [UInt8] = [0x09, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00]
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: version).bigEndian) { bytes += $0 }
        bytes += randomBytes(12)
        return Data(bytes).base64EncodedString()
    }

    mutating func randomBytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next() >> 32) }
    }

    /// SplitMix64: deterministic for a seed, which keeps failing tests reproducible.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
