import ArgumentParser
import Domain
import Foundation
import SQLiteStore
import Store

/// `mailstream user add|list|passwd|remove`. A password comes from `--password-env` or standard input (with echo
/// off at a terminal), never from the command line, where `ps` and shell histories would show it; it is never
/// printed, and only its scrypt hash is stored.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, change, remove users and set their passwords.",
        subcommands: [Add.self, List.self, Update.self, Passwd.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a user. Without --password-env or --password-stdin it has no password (it can't sign in "
                + "until `mailstream user passwd`)."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The login name (\(LoginName.ruleText.replacingOccurrences(of: "must be ", with: ""))).")
        var login: String
        @Option(help: "The user's email address (where notifications go).") var email: String
        @Option(help: "A name to show instead of the login.") var displayName: String?
        @Option(parsing: .upToNextOption, help: ArgumentHelp(
            "Permissions, e.g. sources-read integrations-read; 'all' for every one.",
            discussion: "Known: " + Permission.allCases.map(\.rawValue).joined(separator: ", ")
        ))
        var permissions: [String] = []
        @Option(name: .customLong("project"), help: "Limit the user to this project (owner); repeatable.")
        var projects: [String] = []
        @OptionGroup var password: PasswordOptions

        func validate() throws {
            guard LoginName.isValid(login) else { throw ValidationError("The login \(LoginName.ruleText).") }
            if let problem = EmailAddressRule.problem(email) { throw ValidationError("--email \(problem).") }
            if let displayName, let problem = TextLimit.displayName.problem(displayName) {
                throw ValidationError("--display-name \(problem).")
            }
            for project in projects where !ResourceName.isValid(project) {
                throw ValidationError("--project \(ResourceName.ruleText).")
            }
        }

        func run() async throws {
            let chosen = try PermissionNames.parse(permissions)
            let secret = try password.read(required: false)
            let runtime = try await Runtime(options)
            let hash = try secret.map { try PasswordHash.make($0).encoded }
            let user = User(id: User.newID(), login: login, email: email, displayName: displayName,
                            permissions: chosen, projects: projects.isEmpty ? nil : projects,
                            hasPassword: hash != nil, createdAt: Date())
            do {
                try await runtime.store.createUser(user, passwordHash: hash)
            } catch let error as StoreError where error.isAlreadyExists {
                throw ValidationError("A user with login '\(login)' exists already (logins ignore case).")
            }
            print("added user \(user.login) (id \(user.id))" + (hash == nil ? ", without a password" : ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List users (never their passwords)."
        )
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let runtime = try await Runtime(options)
            for user in try await runtime.store.users() {
                let projects = user.projects?.joined(separator: ",") ?? "all projects"
                print("\(user.id)  \(user.login)  <\(user.email ?? "no email")>  [\(projects)]  "
                    + (user.hasPassword ? "password set" : "no password") + "  "
                    + user.permissions.map(\.rawValue).joined(separator: " "))
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a user's email address, display name, permissions or projects; its tokens are narrowed "
                + "to what it keeps (a token left with nothing is revoked)."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The user's login or id.") var user: String
        @Option(help: "The new email address (where notifications go).") var email: String?
        @Option(help: "A new display name; an empty one removes it.") var displayName: String?
        @Option(parsing: .upToNextOption, help: ArgumentHelp(
            "The permissions that replace the user's; 'all' for every one.",
            discussion: "Known: " + Permission.allCases.map(\.rawValue).joined(separator: ", ")
        ))
        var permissions: [String] = []
        @Option(name: .customLong("project"), help: "The projects that replace the user's limits; repeatable.")
        var projects: [String] = []
        @Flag(help: "Lift the user's project limits: it reaches every project.") var allProjects = false

        func validate() throws {
            if email == nil, displayName == nil, permissions.isEmpty, projects.isEmpty, !allProjects {
                throw ValidationError("Nothing to change: give --email, --display-name, --permissions, --project "
                    + "or --all-projects.")
            }
            if let email, let problem = EmailAddressRule.problem(email) { throw ValidationError("--email \(problem).") }
            if let displayName, !displayName.isEmpty, let problem = TextLimit.displayName.problem(displayName) {
                throw ValidationError("--display-name \(problem).")
            }
            for project in projects where !ResourceName.isValid(project) {
                throw ValidationError("--project \(ResourceName.ruleText).")
            }
            if allProjects, !projects.isEmpty {
                throw ValidationError("--all-projects and --project exclude each other.")
            }
        }

        func run() async throws {
            let chosen = permissions.isEmpty ? nil : try PermissionNames.parse(permissions)
            let runtime = try await Runtime(options)
            let found = try await UserCommand.find(user, in: runtime.store)
            let changed = User(
                id: found.id, login: found.login, email: email ?? found.email,
                displayName: displayName.map { $0.isEmpty ? nil : $0 } ?? found.displayName,
                permissions: chosen ?? found.permissions,
                projects: allProjects ? nil : projects.isEmpty ? found.projects : projects,
                hasPassword: found.hasPassword, createdAt: found.createdAt, updatedAt: found.updatedAt)
            let stored: User
            do {
                stored = try await runtime.store.updateUser(changed)
            } catch let error as StoreError where error.isConflict {
                throw ValidationError("Cannot update: \(error.description).")
            }
            print("updated user \(stored.login) (id \(stored.id)): <\(stored.email ?? "no email")>  "
                + "[\(stored.projects?.joined(separator: ",") ?? "all projects")]  "
                + stored.permissions.map(\.rawValue).joined(separator: " "))
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "Set a user's password, read from --password-env or standard input. Ends its sessions."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The user's login or id.") var user: String
        @Option(help: "Read the password from this environment variable (else from standard input).")
        var passwordEnv: String?

        func run() async throws {
            let secret = try PasswordOptions.read(passwordEnv: passwordEnv, fromStandardInput: true, required: true)
            let runtime = try await Runtime(options)
            let found = try await UserCommand.find(user, in: runtime.store)
            try await runtime.store.setPassword(userID: found.id,
                                                passwordHash: try PasswordHash.make(secret ?? "").encoded)
            print("set the password of user \(found.login)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a user, revoking its tokens and ending its sessions."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The user's login or id.") var user: String

        func run() async throws {
            let runtime = try await Runtime(options)
            let found = try await UserCommand.find(user, in: runtime.store)
            do {
                try await runtime.store.deleteUser(id: found.id)
            } catch let error as StoreError where error.isConflict {
                throw ValidationError("Cannot remove: \(error.description).")
            }
            print("removed user \(found.login) (id \(found.id)) and its tokens")
        }
    }

    static func find(_ reference: String, in store: SQLiteStore) async throws -> User {
        if let user = try await store.user(login: reference) { return user }
        if let user = try await store.user(id: reference) { return user }
        throw ValidationError("No user with login or id '\(reference)'.")
    }
}

/// Where a password comes from: an environment variable, or standard input.
struct PasswordOptions: ParsableArguments {
    @Option(help: "Read the password from this environment variable.") var passwordEnv: String?
    @Flag(help: "Read the password from standard input (its first line).") var passwordStdin = false

    /// The password, checked against ``PasswordRule``; nil when none was asked for and `required` is false.
    func read(required: Bool) throws -> String? {
        try Self.read(passwordEnv: passwordEnv, fromStandardInput: passwordStdin, required: required)
    }

    static func read(passwordEnv: String?, fromStandardInput: Bool, required: Bool) throws -> String? {
        let value: String?
        if let passwordEnv {
            guard let found = ProcessInfo.processInfo.environment[passwordEnv] else {
                throw ValidationError("Environment variable \(passwordEnv) is not set.")
            }
            value = found
        } else if fromStandardInput || required {
            value = TerminalInput.readSecret(prompt: "Password: ")
        } else {
            value = nil
        }
        if required, value == nil { throw ValidationError("No password given on standard input.") }
        if let value, let problem = PasswordRule.problem(value) {
            throw ValidationError("The password \(problem).")
        }
        return value
    }
}

/// `token create` and `user add` read permissions the same way.
enum PermissionNames {
    static func parse(_ names: [String]) throws -> [Permission] {
        if names == ["all"] { return Permission.allCases }
        return try names.map { name in
            guard let permission = Permission(rawValue: name) else {
                throw ValidationError("Unknown permission '\(name)'. Known: "
                    + Permission.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return permission
        }
    }
}
