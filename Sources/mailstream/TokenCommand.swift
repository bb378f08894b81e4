import API
import ArgumentParser
import Domain
import Foundation
import SQLiteStore
import Store

/// `mailstream token create|list|revoke`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a token and print its secret once (it is stored only as a hash)."
        )
        @OptionGroup var options: StoreOptions
        @Option(help: "A unique name for the token.") var name: String
        @Option(parsing: .upToNextOption, help: ArgumentHelp(
            "Permissions, e.g. sources-read triggers-consume; 'all' for every one.",
            discussion: "Known: " + Permission.allCases.map(\.rawValue).joined(separator: ", ")
        ))
        var permissions: [String]
        @Option(name: .customLong("project"), help: "Limit the token to this project (owner); repeatable.")
        var projects: [String] = []
        @Option(help: "The user (login or id) the token acts for; by default the first administrator.")
        var user: String?

        func validate() throws {
            if let problem = TextLimit.tokenName.problem(name) { throw ValidationError("--name \(problem).") }
            for project in projects where !ResourceName.isValid(project) {
                throw ValidationError("--project \(ResourceName.ruleText).")
            }
        }

        func run() async throws {
            let chosen = try PermissionNames.parse(permissions)
            let runtime = try await Runtime(options)
            let owner: User
            if let user {
                owner = try await UserCommand.find(user, in: runtime.store)
            } else {
                guard let first = try await runtime.store.firstAdministrator() else {
                    throw ValidationError("No user holds tokens-admin on every project; name one with --user.")
                }
                owner = first
            }
            do {
                let (token, secret) = try await TokenSecrets.create(
                    name: name, permissions: chosen, projects: projects.isEmpty ? nil : projects, userID: owner.id,
                    in: runtime.store
                )
                FileHandle.standardError.write(Data("created token \(token.name) (id \(token.id)); its secret, shown only now:\n".utf8))
                print(secret)
            } catch let error as StoreError where error.isAlreadyExists {
                throw ValidationError("A token named '\(name)' exists already.")
            } catch let error as StoreError where error.isInvalid {
                throw ValidationError("Cannot create the token: \(error.detail).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List tokens (never their secrets)."
        )
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let runtime = try await Runtime(options)
            let logins = Dictionary(try await runtime.store.users().map { ($0.id, $0.login) },
                                    uniquingKeysWith: { first, _ in first })
            for token in try await runtime.store.tokens() {
                let projects = token.projects?.joined(separator: ",") ?? "all projects"
                let used = token.lastUsedAt.map { JSONCoding.format($0) } ?? "never used"
                print("\(token.id)  \(token.name)  [\(projects)]  \(used)  "
                    + token.permissions.map(\.rawValue).joined(separator: " ") + "  (user \(logins[token.userID] ?? "?"))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a token by id or name."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "The token's id or name.") var token: String

        func run() async throws {
            let runtime = try await Runtime(options)
            guard let found = try await runtime.store.tokens().first(where: { $0.id == token || $0.name == token })
            else { throw ValidationError("No token with id or name '\(token)'.") }
            do {
                try await runtime.store.deleteToken(id: found.id)
            } catch let error as StoreError where error.isConflict {
                throw ValidationError("Cannot revoke: \(error.description).")
            }
            print("revoked token \(found.name) (id \(found.id))")
        }
    }
}
