import ClientTLS
@testable import Config
import Domain
import EWS
import Foundation
import IMAP
import MicrosoftGraph
import Testing

/// docs/configuration.md lists every key the configuration file's decoder accepts (issue 16, part 5).
@Suite struct ConfigurationReferenceTests {
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/configuration.md")

    /// Every key of every level of the file, as the decoder spells it; a connection's keys as each kind's
    /// connector reads them, with the `_env` and `_file` forms of its secrets.
    static var keys: [(level: String, key: String)] {
        var keys: [(level: String, key: String)] = []
        keys += ConfigurationFile.File.CodingKeys.allCases.map { ("top level", $0.rawValue) }
        keys += ConfigurationFile.DeclaredIntegration.CodingKeys.allCases.map { ("integrations[]", $0.rawValue) }
        let connectors: [any Connector] = [IMAPConnector(outboundPolicy: OutboundPolicy()),
                                           EWSConnector(outboundPolicy: OutboundPolicy()),
                                           GraphConnector(outboundPolicy: OutboundPolicy())]
        for connector in connectors {
            let level = "connection (\(connector.kind))"
            keys += (connector.publicKeys + connector.secretKeys).map { (level, $0) }
            keys += connector.secretKeys.flatMap { [(level, $0 + "_env"), (level, $0 + "_file")] }
            keys += connector.fileKeys.map { (level, $0 + "_file") }
        }
        keys += ConfigurationFile.DeclaredMailbox.CodingKeys.allCases.map { ("mailboxes[]", $0.rawValue) }
        keys += NetworkSettings.Declared.CodingKeys.allCases.map { ("network", $0.rawValue) }
        return keys
    }

    @Test func everyKeyTheDecoderAcceptsIsInTheReference() throws {
        let text = try String(contentsOf: Self.reference, encoding: .utf8)
        // A key counts as documented where it starts a table row or is named in one: `| `key` |` or `key`, in a row.
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let documented = Set(rows.flatMap { row in
            row.split(separator: "|").first.map { cell in
                cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            } ?? []
        })
        let missing = Self.keys.filter { !documented.contains($0.key) }.map { "\($0.level): \($0.key)" }
        #expect(missing.isEmpty, "keys the decoder accepts but docs/configuration.md doesn't list: \(missing)")
        #expect(Self.keys.count > 40)
    }
}
