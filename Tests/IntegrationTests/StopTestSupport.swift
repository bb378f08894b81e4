import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The test Dovecot's log (DIR/dovecot.log).
enum DovecotLog {
    static var url: URL {
        URL(fileURLWithPath: DovecotPeer.shared?.config ?? "/").deletingLastPathComponent()
            .appendingPathComponent("dovecot.log")
    }

    static func size() throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    }

    static func lines(after offset: Int) throws -> [String] {
        let data = try Data(contentsOf: url)
        return String(decoding: data.dropFirst(offset), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Returns once `user` has logged in (within 15 s: a process starting on a busy machine may take seconds).
    static func waitForLogin(of user: String, after offset: Int) async throws {
        for _ in 0..<3_000 {
            if try lines(after: offset).contains(where: { $0.contains("Login: user=<\(user)>") }) { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw PeerError(description: "\(user) did not log in within 15 s")
    }
}

/// A message of about `size` bytes: a text part and a base64 attachment of pseudo-random bytes.
enum LargeMessage {
    static func make(id: String, size: Int) -> [UInt8] {
        var text = "Message-ID: <\(id)@test>\r\nFrom: a@example.com\r\nTo: b@example.com\r\nSubject: \(id)\r\n"
            + "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nlarge\r\n"
            + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\n"
        var state: UInt64 = UInt64(truncatingIfNeeded: id.hashValue) | 1
        var raw = [UInt8]()
        raw.reserveCapacity(size * 3 / 4)
        while raw.count < size * 3 / 4 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state) { raw.append(contentsOf: $0) }
        }
        let encoded = Data(raw).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn,
                                                               .endLineWithLineFeed])
        text += encoded + "\r\n--b--\r\n"
        return Array(text.utf8)
    }
}

/// A TCP socket bound to a free port of 127.0.0.1.
private func boundSocket() throws -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw PeerError(description: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
        }
    }
    guard bound else {
        close(descriptor)
        throw PeerError(description: "bind() failed")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed): connections to it are refused.
enum ClosedPort {
    static func find() throws -> Int {
        let (descriptor, port) = try boundSocket()
        close(descriptor)
        return port
    }
}

/// A port on 127.0.0.1 that takes connections (into the kernel's backlog) and never answers.
struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        (descriptor, port) = try boundSocket()
        guard listen(descriptor, 64) == 0 else {
            Glibc.close(descriptor)
            throw PeerError(description: "listen() failed")
        }
    }

    func close() { _ = Glibc.close(descriptor) }
}
