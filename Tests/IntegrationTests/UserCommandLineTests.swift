import Domain
import Foundation
import SQLiteStore
import Store
import Testing

/// `mailstream user …` run as a user runs it: passwords come from the environment or standard input, are never
/// printed, and only their scrypt hash reaches the data folder.
struct UserCommandLineTests {
    typealias CLI = CommandLineTests

    /// The stored credentials of `login`, read with the library from the data folder the executable wrote.
    static func credentials(_ login: String, data: URL) async throws -> (user: User, passwordHash: String?)? {
        let folder = try DataFolder(path: data.path)
        let store = SQLiteStore(dataFolder: folder,
                                secrets: try SecretBox.load(environment: [:], keyFile: folder.secretKeyFile))
        return try await store.credentials(login: login)
    }

    @Test func usersAreAddedWithAPasswordThatIsNeverPrintedNorStoredInTheClear() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let password = "pw-\(UUID().uuidString)"
        let add = try CLI.mailstream(["user", "add", "ann", "--email", "ann@example.com", "--display-name", "Ann",
                                      "--permissions", "sources-read", "integrations-read", "--project", "ops",
                                      "--password-env", "ANN_PASSWORD"], data: data,
                                     environment: ["ANN_PASSWORD": password])
        #expect(add.status == 0, "\(add.errors)")
        #expect(add.output.contains("added user ann (id "), "\(add.output)")
        let list = try CLI.mailstream(["user", "list"], data: data)
        #expect(list.status == 0, "\(list.errors)")
        #expect(list.output.contains("  admin  <no email>  [all projects]  no password  "), "\(list.output)")
        #expect(list.output.contains("  ann  <ann@example.com>  [ops]  password set  integrations-read sources-read"),
                "\(list.output)")

        let stored = try #require(try await Self.credentials("ann", data: data))
        let hash = try #require(stored.passwordHash.flatMap(PasswordHash.init))
        #expect(hash.parameters == .default && hash.verify(password))
        #expect(stored.user.displayName == "Ann" && stored.user.projects == ["ops"])

        // A new password from standard input, as `passwd` reads it by default.
        let second = "second-\(UUID().uuidString)"
        let passwd = try CLI.mailstream(["user", "passwd", "ann"], data: data, input: second + "\n")
        #expect(passwd.status == 0, "\(passwd.errors)")
        #expect(passwd.output.contains("set the password of user ann"))
        let changed = try #require(try await Self.credentials("ANN", data: data)?.passwordHash.flatMap(PasswordHash.init))
        #expect(changed.verify(second) && !changed.verify(password))
        // And the upgrade's admin, which had none, gets one: now it can sign in.
        let admin = try CLI.mailstream(["user", "passwd", "admin", "--password-env", "ADMIN_PASSWORD"], data: data,
                                       environment: ["ADMIN_PASSWORD": "admin-\(password)"])
        #expect(admin.status == 0, "\(admin.errors)")
        #expect(try await Self.credentials("admin", data: data)?.user.hasPassword == true)

        for run in [add, list, passwd, admin] {
            #expect(!run.output.contains(password) && !run.errors.contains(password))
            #expect(!run.output.contains(second) && !run.errors.contains(second))
        }
        let bytes = try CLI.storedBytes(data)
        #expect(bytes.range(of: Data(password.utf8)) == nil, "the password is stored in the clear")
        #expect(bytes.range(of: Data(second.utf8)) == nil, "the password is stored in the clear")
    }

    @Test func mistakesNameTheirOptionAndThePasswordNeverComesFromTheCommandLine() throws {
        try CLI.withDataFolder { data in
            let cases: [([String], String)] = [
                (["user", "add", "a b", "--email", "a@example.com"], "The login must be 1-64 ASCII letters"),
                (["user", "add", "bo", "--email", "nope"], "--email must be an email address"),
                (["user", "add", "bo", "--email", "b@example.com", "--permissions", "everything"],
                 "Unknown permission 'everything'."),
                (["user", "add", "bo", "--email", "b@example.com", "--project", "../x"], "--project must be 1-64"),
                (["user", "add", "bo", "--email", "b@example.com", "--password-env", "NOT_SET_ANYWHERE"],
                 "Environment variable NOT_SET_ANYWHERE is not set."),
                (["user", "add", "bo", "--email", "b@example.com", "--password", "secret-secret"],
                 "Unknown option '--password'"),
                (["user", "passwd", "nobody"], "No user with login or id 'nobody'."),
            ]
            for (arguments, message) in cases {
                let run = try CLI.mailstream(arguments, data: data, input: "long-enough-password\n")
                #expect(run.status != 0, "\(arguments)")
                #expect(run.errors.contains(message), "\(arguments): \(run.errors)")
            }
            let short = try CLI.mailstream(["user", "add", "bo", "--email", "b@example.com", "--password-stdin"],
                                           data: data, input: "short\n")
            #expect(short.status != 0)
            #expect(short.errors.contains("The password must be at least 8 characters"), "\(short.errors)")
            #expect(!short.errors.contains("short\n"))
            let empty = try CLI.mailstream(["user", "passwd", "admin"], data: data, input: "")
            #expect(empty.status != 0)
            #expect(empty.errors.contains("No password given on standard input."), "\(empty.errors)")
        }
    }

    @Test func removingAUserRevokesItsTokensAndTheLastAdministratorStays() throws {
        try CLI.withDataFolder { data in
            #expect(try CLI.mailstream(["user", "add", "bo", "--email", "bo@example.com", "--permissions",
                                        "sources-read", "--project", "ops"], data: data).status == 0)
            let beyond = try CLI.mailstream(["token", "create", "--name", "bo-all", "--user", "bo", "--permissions",
                                             "sources-read"], data: data)
            #expect(beyond.status != 0)
            #expect(beyond.errors.contains("Cannot create the token: a token carries at most its user's"),
                    "\(beyond.errors)")
            let token = try CLI.mailstream(["token", "create", "--name", "bo-bot", "--user", "bo", "--permissions",
                                            "sources-read", "--project", "ops"], data: data)
            #expect(token.status == 0, "\(token.errors)")
            #expect(try CLI.mailstream(["token", "list"], data: data).output.contains("(user bo)"))

            let last = try CLI.mailstream(["user", "remove", "admin"], data: data)
            #expect(last.status != 0)
            #expect(last.errors.contains("Cannot remove: removing user admin would leave no user with tokens-admin"),
                    "\(last.errors)")
            let remove = try CLI.mailstream(["user", "remove", "bo"], data: data)
            #expect(remove.status == 0, "\(remove.errors)")
            #expect(remove.output.contains("removed user bo"))
            #expect(!(try CLI.mailstream(["token", "list"], data: data).output.contains("bo-bot")))
            #expect(!(try CLI.mailstream(["user", "list"], data: data).output.contains("  bo  ")))
        }
    }

    @Test func updateChangesAddressAndPermissionsNarrowsTokensAndKeepsAnAdministrator() throws {
        try CLI.withDataFolder { data in
            // The upgrade's admin has no address (so no notification email) until someone gives it one.
            let admin = try CLI.mailstream(["user", "update", "admin", "--email", "ops@example.com"], data: data)
            #expect(admin.status == 0, "\(admin.errors)")
            #expect(admin.output.contains("updated user admin (id "), "\(admin.output)")
            #expect(try CLI.mailstream(["user", "list"], data: data).output
                .contains("  admin  <ops@example.com>  [all projects]  no password  "))

            let add = try CLI.mailstream(["user", "add", "bo", "--email", "bo@example.com", "--permissions",
                                          "sources-read", "integrations-read", "--project", "ops"], data: data)
            #expect(add.status == 0, "\(add.errors)")
            let token = try CLI.mailstream(["token", "create", "--name", "bo-bot", "--user", "bo", "--permissions",
                                            "sources-read", "integrations-read", "--project", "ops"], data: data)
            #expect(token.status == 0, "\(token.errors)")
            let narrow = try CLI.mailstream(["user", "update", "bo", "--permissions", "sources-read", "--display-name",
                                             "Bo"], data: data)
            #expect(narrow.status == 0, "\(narrow.errors)")
            #expect(try CLI.mailstream(["user", "list"], data: data).output
                .contains("  bo  <bo@example.com>  [ops]  no password  sources-read\n"))
            let tokens = try CLI.mailstream(["token", "list"], data: data).output
            #expect(tokens.split(separator: "\n").contains {
                $0.contains("bo-bot") && $0.hasSuffix("]  never used  sources-read  (user bo)")
            }, "the token keeps only what its user holds: \(tokens)")
            let wider = try CLI.mailstream(["user", "update", "bo", "--all-projects"], data: data)
            #expect(wider.status == 0, "\(wider.errors)")
            #expect(wider.output.contains("<bo@example.com>  [all projects]  sources-read"), "\(wider.output)")

            let cases: [([String], String)] = [
                (["user", "update", "bo"], "Nothing to change: give --email"),
                (["user", "update", "bo", "--email", "nope"], "--email must be an email address"),
                (["user", "update", "bo", "--permissions", "everything"], "Unknown permission 'everything'."),
                (["user", "update", "bo", "--project", "ops", "--all-projects"], "exclude each other"),
                (["user", "update", "nobody", "--email", "n@example.com"], "No user with login or id 'nobody'."),
                (["user", "update", "admin", "--permissions", "sources-read"],
                 "Cannot update: changing user admin would leave no user with tokens-admin"),
            ]
            for (arguments, message) in cases {
                let run = try CLI.mailstream(arguments, data: data)
                #expect(run.status != 0, "\(arguments)")
                #expect(run.errors.contains(message), "\(arguments): \(run.errors)")
            }
        }
    }
}
