import Foundation

/// The simulator's `SyncState`: an opaque base64 token naming the mailbox, the folder (or hierarchy root) and a
/// position in that folder's change log. It starts with the gzip magic, as Exchange's `H4sIA…` states do, and
/// carries a checksum, so an edited or foreign state is refused with ErrorInvalidSyncStateData.
struct SyncStateToken: Sendable, Hashable {
    enum Scope: UInt8, Sendable {
        case items = 1
        case hierarchy = 2
    }

    var scope: Scope
    var mailboxGUID: [UInt8]
    var folderKey: Int
    var position: Int

    private static let magic: [UInt8] = [0x1F, 0x8B, 0x08, 0x00]

    var encoded: String {
        var bytes = Self.magic
        bytes.append(scope.rawValue)
        bytes += mailboxGUID
        withUnsafeBytes(of: UInt64(folderKey).bigEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt64(position).bigEndian) { bytes += $0 }
        withUnsafeBytes(of: Self.checksum(bytes).bigEndian) { bytes += $0 }
        return Data(bytes).base64EncodedString()
    }

    /// Nil for anything this simulator did not issue.
    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        let bytes = [UInt8](data)
        guard bytes.count == 4 + 1 + 16 + 8 + 8 + 4, Array(bytes[0..<4]) == Self.magic,
            let scope = Scope(rawValue: bytes[4])
        else { return nil }
        let body = Array(bytes[0..<(bytes.count - 4)])
        guard Self.readUInt32(bytes, at: bytes.count - 4) == Self.checksum(body) else { return nil }
        self.scope = scope
        mailboxGUID = Array(bytes[5..<21])
        folderKey = Int(truncatingIfNeeded: Self.readUInt64(bytes, at: 21))
        position = Int(truncatingIfNeeded: Self.readUInt64(bytes, at: 29))
    }

    init(scope: Scope, mailboxGUID: [UInt8], folderKey: Int, position: Int) {
        self.scope = scope
        self.mailboxGUID = mailboxGUID
        self.folderKey = folderKey
        self.position = position
    }

    /// FNV-1a, enough to catch edits; the simulator guards no secrets.
    private static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<(offset + 8)].reduce(0) { ($0 << 8) | UInt64($1) }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { ($0 << 8) | UInt32($1) }
    }
}
