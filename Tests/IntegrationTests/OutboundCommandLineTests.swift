import Foundation
import Testing

/// `mailstream serve` and `sync` with the outbound policy, as an operator meets it: the flags in `--help`, a bad
/// range refused at start, and a Dovecot on 127.0.0.1 refused until the flag or the configuration file allows it.
struct OutboundCommandLineTests {
    typealias CLI = CommandLineTests

    @Test func serveAndSyncOfferTheFlags() throws {
        try CLI.withDataFolder { data in
            for command in ["serve", "sync"] {
                let help = try CLI.mailstream([command, "--help"], data: data)
                #expect(help.output.contains("--allow-private-networks"), "\(help.output)")
                #expect(help.output.contains("--outbound-allow <cidr>"), "\(help.output)")
            }
        }
    }

    @Test func aBadRangeIsRefusedAtStart() throws {
        try CLI.withDataFolder { data in
            let flag = try CLI.mailstream(["sync", "--once", "--outbound-allow", "10.1.2.3/24"], data: data)
            #expect(flag.status != 0)
            let expected = "The value '10.1.2.3/24' is invalid for '--outbound-allow <cidr>': '10.1.2.3/24' has "
                + "bits set after the first 24: the range starting there is 10.1.2.0/24"
            #expect(flag.errors.contains(expected), "\(flag.errors)")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let config = data.appendingPathComponent("network.yaml")
            try "network: {outbound_allow: [\"10.0.0.0/8\", \"::1\"]}".write(to: config, atomically: true,
                                                                           encoding: .utf8)
            let file = try CLI.mailstream(["sync", "--once", "--config", config.path], data: data)
            #expect(file.status != 0)
            #expect(file.errors.contains("network.outbound_allow[1]: '::1' has no prefix length: write ::1/128"),
                    "\(file.errors)")
        }
    }

    @Test(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
    func dovecotOnLoopbackNeedsTheFlagOrTheFileKey() throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("cli-outbound")
        try peer.save(IMAPSyncTests.mail("cli-\(user.name)"), user: user.name, folder: "INBOX")
        try CLI.withDataFolder { data in
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let config = data.appendingPathComponent("mail.yaml")
            let integrations = """
                integrations:
                  - name: local
                    type: imap
                    connection: {host: \(peer.host), port: \(peer.imapsPort), security: tls, username: \(user.name),
                                 password: \(user.password), ca_file: \(peer.caFile)}
                    mailboxes: [{email: \(user.name), bucket: mail}]
                """
            try integrations.write(to: config, atomically: true, encoding: .utf8)
            let refused = try CLI.mailstream(["sync", "--once", "--config", config.path], data: data)
            #expect(refused.status == 1)
            #expect(refused.output.contains("failed: outbound connection to 127.0.0.1 refused: a loopback address"),
                    "\(refused.output)")
            #expect(refused.output.contains("--allow-private-networks"), "\(refused.output)")
            let list = try CLI.mailstream(["integration", "list"], data: data)
            #expect(list.output.contains("disabled (sync_error)"), "\(list.output)")
            #expect(list.output.contains("connection_failed: outbound connection to 127.0.0.1 refused"),
                    "\(list.output)")

            #expect(try CLI.mailstream(["integration", "enable", "local"], data: data).status == 0)
            let allowed = try CLI.mailstream(["sync", "--once", "--config", config.path, "--allow-private-networks"],
                                             data: data)
            #expect(allowed.status == 0, "\(allowed.output) \(allowed.errors)")
            #expect(allowed.output.contains("1 new"), "\(allowed.output)")
            #expect(allowed.errors.contains("outbound connections: public addresses, private networks"),
                    "\(allowed.errors)")

            // The file's key does the same; `sync` needs no flag then.
            try peer.save(IMAPSyncTests.mail("cli2-\(user.name)"), user: user.name, folder: "INBOX")
            try (integrations + "\nnetwork: {outbound_allow: [\"127.0.0.1/32\"]}")
                .write(to: config, atomically: true, encoding: .utf8)
            let byFile = try CLI.mailstream(["sync", "--once", "--config", config.path], data: data)
            #expect(byFile.status == 0, "\(byFile.output) \(byFile.errors)")
            #expect(byFile.output.contains("1 new"), "\(byFile.output)")
        }
    }
}
