import Foundation
import Yams

/// Reads the YAML tree of a seed file into ``SimulatorSeed`` values, refusing unknown keys and values of the
/// wrong kind with the entry's path, so a typo in a scenario is reported instead of silently ignored.
struct SeedReader {
    let file: String
    let baseDirectory: URL

    func error(_ path: String, _ message: String) -> SimulatorSeedError {
        SimulatorSeedError(file: file, path: path, message: message)
    }

    /// A mapping's values by key; nil or a missing node is an empty mapping.
    func mapping(_ node: Node?, at path: String, keys allowed: Set<String>) throws(SimulatorSeedError) -> [String: Node] {
        guard let node else { return [:] }
        guard let mapping = node.mapping else { throw error(path, "expected a mapping (key: value)") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard allowed.contains(name) else {
                throw error(path, "unknown key '\(name)' (known: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    func list<Element>(
        _ node: Node?, at path: String, _ element: (Node, String) throws(SimulatorSeedError) -> Element
    ) throws(SimulatorSeedError) -> [Element] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw error(path, "expected a list") }
        var result: [Element] = []
        for (index, item) in sequence.enumerated() { result.append(try element(item, "\(path)[\(index)]")) }
        return result
    }

    func string(_ node: Node?, at path: String, required: Bool = false) throws(SimulatorSeedError) -> String? {
        guard let node else {
            if required { throw error(path, "is required") }
            return nil
        }
        guard let scalar = node.scalar else { throw error(path, "expected a text value") }
        return scalar.string
    }

    func bool(_ node: Node?, at path: String) throws(SimulatorSeedError) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else { throw error(path, "expected true or false") }
        return value
    }

    func account(_ node: Node, at path: String) throws(SimulatorSeedError) -> EWSSimulatorConfiguration.Account {
        let fields = try mapping(node, at: path, keys: ["login", "password", "address", "impersonation", "delegate"])
        let delegates = try list(fields["delegate"], at: "\(path).delegate") { node, path throws(SimulatorSeedError) in
            try self.address(string(node, at: path, required: true) ?? "", at: path)
        }
        let smtpAddress = try string(fields["address"], at: "\(path).address").map { value throws(SimulatorSeedError) in
            try self.address(value, at: "\(path).address")
        }
        return EWSSimulatorConfiguration.Account(
            login: try string(fields["login"], at: "\(path).login", required: true) ?? "",
            password: try string(fields["password"], at: "\(path).password", required: true) ?? "",
            smtpAddress: smtpAddress,
            canImpersonate: try bool(fields["impersonation"], at: "\(path).impersonation") ?? false,
            delegateMailboxes: Set(delegates)
        )
    }

    func address(_ value: String, at path: String) throws(SimulatorSeedError) -> String {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !value.contains(" ") else {
            throw error(path, "'\(value)' is not an SMTP address (name@domain)")
        }
        return value
    }

    func mailbox(_ node: Node, at path: String) throws(SimulatorSeedError) -> SimulatorSeed.Mailbox {
        let fields = try mapping(node, at: path, keys: ["address", "folders"])
        let address = try address(string(fields["address"], at: "\(path).address", required: true) ?? "",
                                  at: "\(path).address")
        let folders = try list(fields["folders"], at: "\(path).folders") { node, path throws(SimulatorSeedError) in
            try folder(node, at: path)
        }
        return SimulatorSeed.Mailbox(address: address, folders: folders)
    }

    func folder(_ node: Node, at path: String) throws(SimulatorSeedError) -> SimulatorSeed.Folder {
        let fields = try mapping(node, at: path, keys: ["name", "messages", "folders"])
        let name = try string(fields["name"], at: "\(path).name", required: true) ?? ""
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("\(path).name", "is empty") }
        return SimulatorSeed.Folder(
            name: name,
            messages: try list(fields["messages"], at: "\(path).messages") { node, path throws(SimulatorSeedError) in
                try message(node, at: path)
            },
            folders: try list(fields["folders"], at: "\(path).folders") { node, path throws(SimulatorSeedError) in
                try folder(node, at: path)
            }
        )
    }

    func message(_ node: Node, at path: String) throws(SimulatorSeedError) -> SimulatorSeed.Message {
        let fields = try mapping(node, at: path, keys: ["eml", "text", "received", "read"])
        let mime: [UInt8]
        switch (try string(fields["eml"], at: "\(path).eml"), try string(fields["text"], at: "\(path).text")) {
        case (let file?, nil):
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : baseDirectory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw error("\(path).eml", "cannot read \(url.path)")
            }
            mime = Array(data)
        case (nil, let text?):
            // Inline text: line ends become CRLF, as on the wire.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            }
            mime = Array(lines.joined(separator: "\r\n").utf8)
        case (.some, .some): throw error(path, "has both eml and text: give one")
        case (nil, nil): throw error(path, "needs eml (a file) or text (the message itself)")
        }
        var received: Date?
        if let value = try string(fields["received"], at: "\(path).received") {
            guard let date = ItemQuery.dateTime(value) else {
                throw error("\(path).received", "'\(value)' is not a date and time such as 2026-03-02T09:00:00Z")
            }
            received = date
        }
        return SimulatorSeed.Message(
            mime: mime, received: received, isRead: try bool(fields["read"], at: "\(path).read") ?? false)
    }
}
