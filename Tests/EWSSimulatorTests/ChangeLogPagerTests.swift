import Testing

@testable import EWSSimulator

@Suite("Change log paging and sync state tokens, without a network")
struct ChangeLogPagerTests {
    private func entry(_ key: Int, _ kind: ItemLogEntry.Kind) -> ItemLogEntry {
        ItemLogEntry(itemKey: key, itemID: "id\(key)", kind: kind)
    }

    @Test func netChangesPerItem() {
        let log = [
            entry(1, .create), entry(2, .create), entry(3, .create),
            entry(1, .delete), entry(2, .readFlag(true)), entry(2, .update), entry(4, .create), entry(4, .delete),
        ]
        let fromStart = ChangeLogPager.itemPage(log: log, from: 0, maxChanges: 512)
        #expect(fromStart.changes.map(\.itemKey) == [2, 3])
        #expect(fromStart.changes.allSatisfy { $0.kind == .create })
        #expect(fromStart.includesLastItemInRange)
        #expect(fromStart.position == log.count)

        let later = ChangeLogPager.itemPage(log: log, from: 3, maxChanges: 512)
        #expect(
            later.changes == [
                .init(itemKey: 2, itemID: "id2", kind: .update),
                .init(itemKey: 1, itemID: "id1", kind: .delete),
            ])
    }

    @Test func readFlagOnlyGivesTheLastValue() {
        let log = [entry(1, .readFlag(true)), entry(1, .readFlag(false)), entry(1, .readFlag(true))]
        let page = ChangeLogPager.itemPage(log: log, from: 0, maxChanges: 5)
        #expect(page.changes == [.init(itemKey: 1, itemID: "id1", kind: .readFlag(true))])
    }

    @Test func pagesCoverAtMostMaxItems() {
        let log = (1...25).map { entry($0, .create) }
        var position = 0
        var seen: [Int] = []
        var pages = 0
        while true {
            let page = ChangeLogPager.itemPage(log: log, from: position, maxChanges: 10)
            #expect(page.changes.count <= 10)
            seen += page.changes.map(\.itemKey)
            position = page.position
            pages += 1
            if page.includesLastItemInRange { break }
        }
        #expect(pages == 3)
        #expect(seen.sorted() == Array(1...25))
    }

    @Test func ignoredItemsAreLeftOut() {
        let log = [entry(1, .create), entry(2, .create)]
        let page = ChangeLogPager.itemPage(log: log, from: 0, maxChanges: 10, ignoring: ["id1"])
        #expect(page.changes.map(\.itemKey) == [2])
    }

    @Test func tokensRoundTripAndRefuseEdits() throws {
        let token = SyncStateToken(scope: .items, mailboxGUID: Array(0..<16), folderKey: 42, position: 7)
        let encoded = token.encoded
        #expect(encoded.hasPrefix("H4sI"))
        #expect(SyncStateToken(encoded: encoded) == token)
        var bytes = Array(encoded)
        bytes[10] = bytes[10] == "A" ? "B" : "A"
        #expect(SyncStateToken(encoded: String(bytes)) == nil)
        #expect(SyncStateToken(encoded: "not base64!") == nil)
        #expect(SyncStateToken(encoded: "") == nil)
    }

    @Test func requestTreeIgnoresPrefixes() throws {
        let xml =
            #"<a:Envelope xmlns:a="urn:x"><a:Body><Op xmlns="urn:y" k="v">"#
            + #" <b:C xmlns:b="urn:z">t</b:C></Op></a:Body></a:Envelope>"#
        let root = try XMLTreeReader.read(Array(xml.utf8))
        let op = try #require(root.child("Body")?.children.first)
        #expect(op.name == "Op")
        #expect(op.namespace == "urn:y")
        #expect(op.attribute("k") == "v")
        #expect(op.child("C")?.trimmedText == "t")
        #expect(throws: XMLReadError.self) { try XMLTreeReader.read(Array("<!DOCTYPE x><x/>".utf8)) }
    }
}
