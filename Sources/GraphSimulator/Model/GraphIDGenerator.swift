import Foundation

/// Makes ids shaped like Exchange Online's Graph ids: URL-safe base64 with padding of a long binary entry id, so
/// clients that lower-case, trim or re-encode ids fail here as they would against Graph. Default (REST) ids start
/// `AAMkA` and change when a message moves; immutable ids start `AAkALg` and don't
/// (learn.microsoft.com/graph/outlook-immutable-id).
struct GraphIDGenerator: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    /// A folder id: the same whichever IdType the client prefers.
    mutating func folderID(mailboxGUID: [UInt8], serial: Int) -> String {
        make(prefix: [0x00, 0x03, 0x24, 0x00], mailboxGUID: mailboxGUID, kind: 0x2E, serial: serial, extra: 24)
    }

    /// A message's REST id for one location; a move makes a new one.
    mutating func messageRESTID(mailboxGUID: [UInt8], serial: Int) -> String {
        make(prefix: [0x00, 0x03, 0x24, 0x00], mailboxGUID: mailboxGUID, kind: 0x46, serial: serial, extra: 64)
    }

    /// A message's immutable id, fixed for its life in the mailbox.
    mutating func messageImmutableID(mailboxGUID: [UInt8], serial: Int) -> String {
        make(prefix: [0x00, 0x09, 0x00, 0x2E], mailboxGUID: mailboxGUID, kind: 0x00, serial: serial, extra: 38)
    }

    /// A `changeKey` (and the `@odata.etag` inside `W/"…"`): `CQAAABYAAA…`, new on every change.
    mutating func changeKey(version: Int) -> String {
        var bytes: [UInt8] = [0x09, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00]
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: version).bigEndian) { bytes += $0 }
        bytes += randomBytes(12)
        return Data(bytes).base64EncodedString()
    }

    /// A lower-case UUID string (user object ids, subscription ids).
    mutating func uuid() -> String {
        var bytes = randomBytes(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }

    mutating func randomBytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next() >> 32) }
    }

    /// URL-safe base64 that keeps its `=` padding, as Graph's ids do.
    static func urlSafe(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }

    private mutating func make(prefix: [UInt8], mailboxGUID: [UInt8], kind: UInt8, serial: Int, extra: Int) -> String {
        var bytes = prefix + mailboxGUID
        bytes.append(kind)
        withUnsafeBytes(of: UInt64(serial).bigEndian) { bytes += $0 }
        bytes += randomBytes(extra)
        return Self.urlSafe(bytes)
    }

    /// SplitMix64: deterministic for a seed, so a failing run can be repeated.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
