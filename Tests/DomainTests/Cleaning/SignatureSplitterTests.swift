import Domain
import Testing

struct SignatureSplitterTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var senderName: String?
        var body: String
        var signature: String?
        var testDescription: String { name }
    }

    @Test(arguments: SignatureFixtures.delimitersAndDevices + SignatureFixtures.closings + SignatureFixtures.names)
    func splitsTheSignature(_ fixture: Fixture) {
        let split = SignatureSplitter.split(fixture.text, senderName: fixture.senderName)
        #expect(split.body == fixture.body)
        #expect(split.signature == fixture.signature)
    }

    @Test(arguments: SignatureFixtures.unsplittable)
    func keepsTextWithoutASignature(_ text: String) {
        #expect(SignatureSplitter.split(text) == SignatureSplit(body: text, signature: nil))
    }

    @Test func worksOnTheNewestPartOfAReply() {
        let body = """
            Hi Jane,

            The contract is signed and attached.

            Kind regards,
            John Smith
            Contoso Ltd.

            On Mon, Jan 6, 2025 at 10:15 AM Jane Doe <jane@example.com> wrote:
            > Could you sign the contract?
            """
        let newest = QuoteSplitter.split(body).newest
        let split = SignatureSplitter.split(newest, senderName: "John Smith")
        #expect(split == SignatureSplit(
            body: "Hi Jane,\n\nThe contract is signed and attached.",
            signature: "Kind regards,\nJohn Smith\nContoso Ltd."
        ))
    }
}
