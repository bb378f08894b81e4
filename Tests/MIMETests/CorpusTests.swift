import Foundation
import Testing
@testable import MIME

/// Every message of the public corpora (CPython's test_email data, the jwz ham corpus, the mail-parser and talon
/// fixtures): no crash, and the same subject, sender, recipient count and attachment names as Python's `email`
/// package with `policy.default`, except where `CorpusExpectations.betterAnswers` explains why ours differs.
///
/// `scripts/test` fetches the corpora and writes Python's answers to `.corpora/expected.json`.
@Suite struct CorpusTests {
    struct Expected: Decodable {
        var path: String
        var subject: String?
        var from: String?
        var recipients: Int?
        var attachments: [String]?
    }

    static let root: URL? = ProcessInfo.processInfo.environment["MAILSTREAM_CORPORA"].map(URL.init(fileURLWithPath:))

    static let expected: [Expected] = {
        guard let root, let data = FileManager.default.contents(atPath: root.appendingPathComponent("expected.json").path)
        else { return [] }
        return (try? JSONDecoder().decode([Expected].self, from: data)) ?? []
    }()

    /// Absent corpora fail the run in CI; elsewhere the suite says why it didn't run.
    static let available = !expected.isEmpty || ProcessInfo.processInfo.environment["CI"] != nil

    @Test(
        .enabled(if: available, "corpora missing: run scripts/fetch-corpora, or scripts/test which does it"),
        arguments: ["cpython", "jwz", "mail-parser", "talon"]
    )
    func matchesPython(corpus: String) throws {
        let entries = Self.expected.filter { $0.path.hasPrefix(corpus + "/") }
        try #require(!entries.isEmpty, "no messages of corpus \(corpus) in expected.json")
        var compared = 0
        for entry in entries {
            let url = try #require(Self.root?.appendingPathComponent(entry.path))
            let bytes = try Array(Data(contentsOf: url))
            let message = MIMEParser().parse(bytes)
            _ = FuzzTests.exercise(bytes)
            let exceptions = CorpusExpectations.betterAnswers[entry.path] ?? [:]
            if exceptions["subject"] == nil {
                #expect(
                    Self.matches(normalize(message.subject), python: normalize(entry.subject)),
                    "subject of \(entry.path): \(message.subject ?? "nil") vs \(entry.subject ?? "nil")"
                )
            }
            if exceptions["from"] == nil {
                #expect(message.from.first?.address == entry.from, "from of \(entry.path)")
            }
            if exceptions["recipients"] == nil, let recipients = entry.recipients {
                let count = message.to.count + message.cc.count + message.bcc.count
                #expect(count == recipients, "recipients of \(entry.path)")
            }
            if exceptions["attachments"] == nil, let names = entry.attachments {
                let ours = message.allParts.filter(\.isLeaf).compactMap(\.filename)
                #expect(ours == names, "attachments of \(entry.path)")
            }
            compared += 1
        }
        #expect(compared == entries.count)
    }

    /// Python reads raw 8-bit header bytes as UTF-8 and puts U+FFFD where that fails; we read such bytes as
    /// windows-1252 (the "£" of "£100,000" in jwz's British news mail), or in a superset of the declared charset
    /// (GBK for GB2312). So each U+FFFD in Python's answer stands for one or more characters of ours.
    static func matches(_ ours: String?, python: String?) -> Bool {
        guard let ours, let python, python.contains("\u{FFFD}") else { return ours == python }
        let segments = python.split(separator: "\u{FFFD}", omittingEmptySubsequences: false)
        var rest = Substring(ours)
        for (index, segment) in segments.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(segment) else { return false }
                rest = rest.dropFirst(segment.count)
            } else if index == segments.count - 1 {
                return rest.count > segment.count && rest.hasSuffix(segment)
            } else {
                guard let found = rest.dropFirst().range(of: segment) else { return false }
                rest = rest[found.upperBound...]
            }
        }
        return true
    }

    /// Python keeps folding whitespace and strips differently; whitespace runs are not what is being compared.
    private func normalize(_ text: String?) -> String? {
        text.map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
    }
}
