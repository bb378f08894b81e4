import Config
import Foundation
import Testing

/// The `mailstream integration …` and `mailstream token …` commands, run as a user runs them: the built executable
/// on a fresh data folder, its exit status, what it prints, and what ends up on disk.
struct CommandLineTests {
    /// What one run of the executable did.
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs `mailstream` with `arguments`, the data folder appended, `environment` added to this process's, and
    /// `input` on standard input (an empty one without it).
    static func mailstream(_ arguments: [String], data: URL, environment: [String: String] = [:],
                           input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = CrashRecoveryTests.executable
        process.arguments = arguments + ["--data", data.path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Standard error goes to a file, so that reading standard output to its end can't wait on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-cli-\(UUID()).err")
        try #require(FileManager.default.createFile(atPath: errorFile.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = inputPipe
        try process.run()
        try errors.close()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }

    /// A new, empty data folder, removed by `body`'s end.
    static func withDataFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        return try body(data)
    }

    /// Every byte the data folder holds (database, log, key), for looking for a secret in the clear.
    static func storedBytes(_ data: URL) throws -> Data {
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() {
            bytes.append(try Data(contentsOf: data.appendingPathComponent(name)))
        }
        return bytes
    }

    @Test func helpListsEveryCommand() throws {
        try Self.withDataFolder { data in
            let help = try Self.mailstream(["--help"], data: data)
            for line in ["  serve  ", "  sync  ", "  integration  ", "  token  ", "  user  ", "  parse  "] {
                #expect(help.output.contains(line), "\(help.output)")
            }
            for command in ["integration", "token", "user"] {
                let help = try Self.mailstream([command, "--help"], data: data)
                let expected = switch command {
                case "token": ["create", "list", "revoke"]
                case "user": ["add", "list", "passwd", "remove"]
                default: ["add", "list", "enable", "disable", "remove"]
                }
                for name in expected { #expect(help.output.contains("  \(name)  "), "\(help.output)") }
            }
        }
    }

    @Test func integrationCommandsManageAnIntegrationAndNeverShowItsPassword() throws {
        try Self.withDataFolder { data in
            let password = "pw-\(UUID().uuidString)"
            let add = try Self.mailstream(
                ["integration", "add", "--name", "ops", "--host", "imap.example.test", "--port", "1143",
                 "--security", "none", "--username", "ops@example.test", "--password-env", "OPS_PASSWORD",
                 "--mailbox", "ops@example.test", "--mailbox", "shared@example.test", "--bucket", "inbound"],
                data: data, environment: ["OPS_PASSWORD": password])
            #expect(add.status == 0, "\(add.errors)")
            #expect(add.output.contains("created integration default/ops"))
            #expect(add.output.contains("with 2 mailbox(es)"))

            var list = try Self.mailstream(["integration", "list"], data: data)
            #expect(list.status == 0, "\(list.errors)")
            #expect(list.output.contains(
                "default/ops  imap  ops@example.test@imap.example.test:1143  password set  enabled"), "\(list.output)")
            #expect(list.output.contains("  ops@example.test → bucket default/inbound  enabled"), "\(list.output)")
            #expect(list.output.contains("  shared@example.test → bucket default/inbound  enabled"), "\(list.output)")

            // The same name twice is refused, and the first one is left as it was.
            let again = try Self.mailstream(
                ["integration", "add", "--name", "ops", "--host", "other.example.test", "--username", "x",
                 "--password-env", "OPS_PASSWORD"],
                data: data, environment: ["OPS_PASSWORD": "other"])
            #expect(again.status != 0)
            #expect(again.errors.contains("An integration default/ops exists already; remove it first."),
                    "\(again.errors)")

            // One mailbox, then the whole integration, off and on again.
            var run = try Self.mailstream(["integration", "disable", "ops", "--mailbox", "SHARED@example.test"],
                                          data: data)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("disabled mailbox shared@example.test of default/ops"))
            list = try Self.mailstream(["integration", "list"], data: data)
            #expect(list.output.contains("  shared@example.test → bucket default/inbound  disabled (user)"))
            #expect(list.output.contains("  ops@example.test → bucket default/inbound  enabled"))
            #expect(list.output.contains("password set  enabled"))

            run = try Self.mailstream(["integration", "disable", "default/ops"], data: data)
            #expect(run.output.contains("disabled integration default/ops"), "\(run.errors)")
            list = try Self.mailstream(["integration", "list"], data: data)
            #expect(list.output.contains("password set  disabled (user)"), "\(list.output)")

            run = try Self.mailstream(["integration", "enable", "ops"], data: data)
            #expect(run.output.contains("enabled integration default/ops"), "\(run.errors)")
            run = try Self.mailstream(["integration", "enable", "ops", "--mailbox", "shared@example.test"], data: data)
            #expect(run.output.contains("enabled mailbox shared@example.test of default/ops"), "\(run.errors)")
            list = try Self.mailstream(["integration", "list"], data: data)
            #expect(list.output.contains("password set  enabled"))
            #expect(list.output.contains("  shared@example.test → bucket default/inbound  enabled"))

            // Mistakes a user can make get a message that says what to do, and change nothing.
            run = try Self.mailstream(["integration", "disable", "nope"], data: data)
            #expect(run.status != 0)
            #expect(run.errors.contains("No integration default/nope. `mailstream integration list` shows them."),
                    "\(run.errors)")
            run = try Self.mailstream(["integration", "disable", "ops", "--mailbox", "nobody@example.test"],
                                      data: data)
            #expect(run.status != 0)
            #expect(run.errors.contains("Integration ops has no mailbox nobody@example.test."), "\(run.errors)")
            run = try Self.mailstream(
                ["integration", "add", "--name", "unset", "--host", "h", "--username", "u",
                 "--password-env", "MAILSTREAM_TEST_UNSET_VARIABLE"], data: data)
            #expect(run.status != 0)
            #expect(run.errors.contains("Environment variable MAILSTREAM_TEST_UNSET_VARIABLE is not set."))
            run = try Self.mailstream(
                ["integration", "add", "--name", "typo", "--type", "pop3", "--host", "h", "--username", "u"],
                data: data)
            #expect(run.status != 0)
            #expect(run.errors.contains("pop3"), "\(run.errors)")
            // The IMAP connector reads the options, with the words the API and the configuration file use.
            run = try Self.mailstream(
                ["integration", "add", "--name", "port", "--host", "h", "--port", "70000", "--username", "u",
                 "--password-env", "HOME"], data: data)
            #expect(run.status != 0)
            #expect(run.errors.contains("connection.port must be from 1 to 65535"), "\(run.errors)")
            list = try Self.mailstream(["integration", "list"], data: data)
            #expect(!list.output.contains("default/unset") && !list.output.contains("default/typo"))

            // The password was never printed, and is not on disk in the clear.
            let printed = [add, again, list, run].map { $0.output + $0.errors }.joined()
            #expect(!printed.contains(password))
            let stored = try Self.storedBytes(data)
            #expect(stored.range(of: Data(password.utf8)) == nil, "the password is stored in the clear")
            // The look finds what is stored in the clear: the connection's other fields.
            #expect(stored.range(of: Data("imap.example.test".utf8)) != nil)

            run = try Self.mailstream(["integration", "remove", "ops"], data: data)
            #expect(run.output.contains("removed integration default/ops"), "\(run.errors)")
            list = try Self.mailstream(["integration", "list"], data: data)
            #expect(list.output == "no integrations\n", "\(list.output)")
        }
    }

    @Test func passwordFromStandardInput() throws {
        try Self.withDataFolder { data in
            let password = "stdin-\(UUID().uuidString)"
            let add = try Self.mailstream(
                ["integration", "add", "--name", "piped", "--host", "imap.example.test", "--username", "me",
                 "--password-stdin"], data: data, input: password + "\n")
            #expect(add.status == 0, "\(add.errors)")
            let list = try Self.mailstream(["integration", "list"], data: data)
            // TLS by default, on its port; the one mailbox is the login name, into a bucket named after the
            // integration.
            #expect(list.output.contains("default/piped  imap  me@imap.example.test:993  password set  enabled"),
                    "\(list.output)")
            #expect(list.output.contains("  me → bucket default/piped  enabled"), "\(list.output)")
            #expect(try Self.storedBytes(data).range(of: Data(password.utf8)) == nil)
        }
    }

    @Test func integrationsDeclaredInAConfigurationFileAreListedWithoutTheirPasswords() throws {
        try Self.withDataFolder { data in
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let password = "yaml-\(UUID().uuidString)"
            let config = data.appendingPathComponent("declared.yaml")
            try """
                integrations:
                  - name: declared
                    owner: team
                    type: imap
                    connection: {host: mail.example.test, port: 143, security: starttls, username: desk,
                                 password_env: DECLARED_PASSWORD}
                    mailboxes: [{email: desk@example.test, bucket: desk}]
                """.write(to: config, atomically: true, encoding: .utf8)
            let list = try Self.mailstream(["integration", "list", "--config", config.path], data: data,
                                           environment: ["DECLARED_PASSWORD": password])
            #expect(list.status == 0, "\(list.errors)")
            #expect(list.output.contains("team/declared  imap  desk@mail.example.test:143  password set  enabled"),
                    "\(list.output)")
            #expect(list.output.contains("  desk@example.test → bucket team/desk  enabled"), "\(list.output)")
            try FileManager.default.removeItem(at: config)
            #expect(!(list.output + list.errors).contains(password))
            #expect(try Self.storedBytes(data).range(of: Data(password.utf8)) == nil)

            // A file that names a variable the environment lacks is refused with the integration's name.
            try """
                integrations:
                  - name: broken
                    type: imap
                    connection: {host: h, username: u, password_env: MAILSTREAM_TEST_UNSET_VARIABLE}
                    mailboxes: [{email: u}]
                """.write(to: config, atomically: true, encoding: .utf8)
            let broken = try Self.mailstream(["integration", "list", "--config", config.path], data: data)
            #expect(broken.status != 0)
            #expect(broken.errors.contains(
                "integration broken: environment variable MAILSTREAM_TEST_UNSET_VARIABLE is not set"),
                "\(broken.errors)")
        }
    }

    @Test func tokenSecretsArePrintedOnceAndNeverListed() throws {
        try Self.withDataFolder { data in
            let create = try Self.mailstream(
                ["token", "create", "--name", "ci", "--permissions", "sources-read", "--project", "team"], data: data)
            #expect(create.status == 0, "\(create.errors)")
            let secret = create.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!secret.isEmpty && !secret.contains("\n"), "standard output should be the secret alone")
            #expect(create.errors.contains("created token ci"))

            var list = try Self.mailstream(["token", "list"], data: data)
            #expect(list.status == 0, "\(list.errors)")
            #expect(list.output.contains("  ci  [team]  never used  sources-read"), "\(list.output)")
            #expect(!list.output.contains(secret))
            #expect(try Self.storedBytes(data).range(of: Data(secret.utf8)) == nil, "the secret is stored in the clear")

            let duplicate = try Self.mailstream(["token", "create", "--name", "ci", "--permissions", "all"],
                                                data: data)
            #expect(duplicate.status != 0)
            #expect(duplicate.errors.contains("A token named 'ci' exists already."), "\(duplicate.errors)")
            let unknown = try Self.mailstream(["token", "create", "--name", "x", "--permissions", "everything"],
                                              data: data)
            #expect(unknown.status != 0)
            #expect(unknown.errors.contains("Unknown permission 'everything'. Known: "), "\(unknown.errors)")

            let revoke = try Self.mailstream(["token", "revoke", "ci"], data: data)
            #expect(revoke.output.contains("revoked token ci"), "\(revoke.errors)")
            list = try Self.mailstream(["token", "list"], data: data)
            #expect(!list.output.contains("  ci  "), "\(list.output)")
            let missing = try Self.mailstream(["token", "revoke", "ci"], data: data)
            #expect(missing.status != 0)
            #expect(missing.errors.contains("No token with id or name 'ci'."), "\(missing.errors)")
        }
    }

    /// The command line holds the API's rules: names and token names, and the last administrator stays.
    @Test func namesAreCheckedAndTheLastAdministratorStays() throws {
        try Self.withDataFolder { data in
            let admin = try Self.mailstream(["token", "create", "--name", "root", "--permissions", "all"], data: data)
            #expect(admin.status == 0, "\(admin.errors)")
            let last = try Self.mailstream(["token", "revoke", "root"], data: data)
            #expect(last.status != 0)
            #expect(last.errors.contains("Cannot revoke: token root is the last one with tokens-admin"), "\(last.errors)")
            #expect(try Self.mailstream(["token", "list"], data: data).output.contains("  root  "))

            let combining = "a" + String(repeating: "\u{301}", count: 100)
            let name = try Self.mailstream(["token", "create", "--name", combining, "--permissions", "all"], data: data)
            #expect(name.status != 0)
            #expect(name.errors.contains("--name must be at most 64 characters"), "\(name.errors)")
            let project = try Self.mailstream(["token", "create", "--name", "p", "--permissions", "all",
                                               "--project", "../etc"], data: data)
            #expect(project.status != 0)
            #expect(project.errors.contains("--project must be 1-64 ASCII letters"), "\(project.errors)")
            let integration = try Self.mailstream(
                ["integration", "add", "--name", "a/b", "--host", "h", "--username", "u", "--password-stdin"],
                data: data, input: "pw\n")
            #expect(integration.status != 0)
            #expect(integration.errors.contains("--name must be 1-64 ASCII letters"), "\(integration.errors)")
        }
    }
}
