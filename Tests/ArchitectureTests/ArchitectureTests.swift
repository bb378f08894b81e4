import Foundation
import Testing

/// The package's target graph follows docs/architecture.md: every arrow between targets, and every external
/// product a target uses, is one its row of the "Allowed arrows" table names (issue 17, part 6).
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Target {
        let name: String
        let type: String
        let targets: [String]
        let products: [String]
    }

    /// Every target of the package with its dependencies, from `swift package dump-package`.
    static func targets() throws -> [Target] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A scratch folder of its own: the running `swift test` holds the lock of the package's .build.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-dump-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.arguments = ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path,
                             "dump-package"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "swift package dump-package failed")
        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(package["targets"] as? [[String: Any]])
        return list.map { target in
            var targets: [String] = []
            var products: [String] = []
            for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
                if let name = (dependency["byName"] as? [Any])?.first as? String { targets.append(name) }
                if let name = (dependency["target"] as? [Any])?.first as? String { targets.append(name) }
                if let name = (dependency["product"] as? [Any])?.first as? String { products.append(name) }
            }
            return Target(name: target["name"] as? String ?? "", type: target["type"] as? String ?? "",
                          targets: targets, products: products)
        }
    }

    /// The rows of the "Allowed arrows" table: target → (targets, products).
    static func allowed() throws -> [String: (targets: Set<String>, products: Set<String>)] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Allowed arrows").last)
            .components(separatedBy: "\n## ").first ?? ""
        var rows: [String: (Set<String>, Set<String>)] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 4 else { continue }
            func names(_ cell: String) -> Set<String> {
                Set(cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
            }
            guard let target = names(cells[1]).first else { continue }
            rows[target] = (names(cells[2]), names(cells[3]))
        }
        return rows
    }

    @Test func everyArrowIsOneTheDocumentAllows() throws {
        let targets = try Self.targets()
        let allowed = try Self.allowed()
        #expect(targets.count > 20)
        var problems: [String] = []
        for target in targets where target.type != "test" {
            guard let rule = allowed[target.name] else {
                problems.append("\(target.name) has no row in docs/architecture.md")
                continue
            }
            for dependency in target.targets where !rule.targets.contains(dependency) {
                problems.append("\(target.name) → \(dependency) is not allowed")
            }
            for product in target.products where !rule.products.contains(product) {
                problems.append("\(target.name) uses \(product), which its row doesn't name")
            }
        }
        // Product code never reaches a simulator, whatever a row says.
        let simulators = Set(targets.filter { $0.name.contains("Simulator") }.map(\.name))
        for target in targets where target.type != "test" && !target.name.contains("sim") && !simulators.contains(target.name) {
            for dependency in target.targets where simulators.contains(dependency) {
                problems.append("\(target.name) depends on the simulator \(dependency)")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
