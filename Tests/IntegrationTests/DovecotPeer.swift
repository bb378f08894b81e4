import Foundation
import Synchronization
import Testing

/// The Dovecot that `scripts/test` starts (scripts/peers/dovecot), found through the environment it exports.
struct DovecotPeer: Sendable {
    let host: String
    let imapPort: Int
    let imapsPort: Int
    let caFile: String
    let config: String
    let usersFile: String
    /// A master user that may log in as any existing user (SASL PLAIN authorization identity).
    let masterUser: String
    let masterPassword: String

    static let shared: DovecotPeer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["MAILSTREAM_DOVECOT_HOST"],
              let imap = environment["MAILSTREAM_DOVECOT_IMAP_PORT"].flatMap(Int.init),
              let imaps = environment["MAILSTREAM_DOVECOT_IMAPS_PORT"].flatMap(Int.init),
              let caFile = environment["MAILSTREAM_DOVECOT_CA_FILE"],
              let config = environment["MAILSTREAM_DOVECOT_CONFIG"],
              let users = environment["MAILSTREAM_DOVECOT_USERS_FILE"],
              let masterUser = environment["MAILSTREAM_DOVECOT_MASTER_USER"],
              let masterPassword = environment["MAILSTREAM_DOVECOT_MASTER_PASSWORD"] else { return nil }
        return DovecotPeer(host: host, imapPort: imap, imapsPort: imaps, caFile: caFile, config: config,
                           usersFile: users, masterUser: masterUser, masterPassword: masterPassword)
    }()

    /// Dovecot is required in CI; elsewhere the tests say it is missing.
    static let available = shared != nil || ProcessInfo.processInfo.environment["CI"] != nil
    static let missing: Testing.Comment = "Dovecot not running: run scripts/test, which starts it (scripts/peers/dovecot)"

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh user, so tests running in parallel never share a mailbox.
    func addUser(_ prefix: String) throws -> (name: String, password: String) {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        let password = "pw-\(name)"
        let script = Self.repositoryRoot.appendingPathComponent("scripts/peers/dovecot").path
        try Self.userChanges.withLock { _ in
            try Self.run(script, ["add-user", URL(fileURLWithPath: config).deletingLastPathComponent().path, name,
                                  password])
            try waitUntilKnown(name)
        }
        return (name, password)
    }

    /// `add-user` returns once the user can log in; doveadm's own lookup is checked too, before mail is saved.
    private func waitUntilKnown(_ name: String) throws {
        for _ in 0..<60 {
            if (try? doveadm(["user", name])) != nil { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw PeerError(description: "Dovecot does not know the new user \(name) after 3 s")
    }

    private static let userChanges = Mutex<Void>(())


    func removeUser(_ name: String) throws {
        let lines = try String(contentsOfFile: usersFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.hasPrefix("\(name):") }.joined(separator: "\n")
        try kept.write(toFile: usersFile, atomically: false, encoding: .utf8)
        // Dovecot checks the file at most once a second; the peer script waits until it has.
        if let reload = ProcessInfo.processInfo.environment["MAILSTREAM_DOVECOT_RELOAD"] {
            try Self.run("/bin/sh", ["-c", reload])
        }
        _ = try? doveadm(["kick", name])
    }

    func save(_ message: [UInt8], user: String, folder: String) throws {
        try doveadm(["save", "-u", user, "-m", folder], input: message)
    }

    /// Delivers many messages the way a mail delivery agent does on Maildir: each is written to the folder's
    /// `tmp/`, owned by the mail user, and renamed into `new/`; Dovecot gives them UIDs, in name order, when the
    /// folder is next opened. `save` starts one doveadm process per message, minutes for thousands.
    func deliver(_ messages: [[UInt8]], user: String, folder: String) throws {
        let path = try doveadm(["mailbox", "path", "-u", user, folder]).trimmingCharacters(in: .whitespacesAndNewlines)
        if !FileManager.default.fileExists(atPath: path + "/new") {
            try doveadm(["mailbox", "create", "-u", user, folder])
        }
        let owner = try FileManager.default.attributesOfItem(atPath: path)
        guard let uid = (owner[.ownerAccountID] as? NSNumber)?.uint32Value,
              let gid = (owner[.groupOwnerAccountID] as? NSNumber)?.uint32Value else {
            throw PeerError(description: "cannot read the owner of \(path)")
        }
        let stamp = Int(Date().timeIntervalSince1970)
        for (index, message) in messages.enumerated() {
            let name = "\(stamp).M\(String(format: "%08d", index))P\(getpid()).mailstream-test"
            let temporary = "\(path)/tmp/\(name)"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(message),
                                                 attributes: [.posixPermissions: 0o600]),
                  chown(temporary, uid, gid) == 0, rename(temporary, "\(path)/new/\(name)") == 0 else {
                throw PeerError(description: "cannot deliver \(name) into \(path): errno \(errno)")
            }
        }
    }

    @discardableResult
    func doveadm(_ arguments: [String], input: [UInt8]? = nil) throws -> String {
        try Self.run("/usr/bin/doveadm", ["-c", config] + arguments, input: input)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input))
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw PeerError(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
}
