import EWS
import Foundation
import Testing

@testable import EWSSimulator

@Suite("Parallel connections and hostile request bodies")
struct ConcurrencyAndRobustnessTests {
    @Test func ntlmStateIsKeptPerConnection() async throws {
        try await Fixture.withSimulator([.ntlm]) { simulator, port in
            try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let accounts = [
                ("alice", Fixture.alicePassword, true), ("bob", Fixture.bobPassword, true),
                ("alice", "wrong", false), ("bob", Fixture.alicePassword, false),
            ]
            let request = EWSRequestBuilder(version: .exchange2016).syncFolderHierarchy(syncState: nil)
            try await withThrowingTaskGroup(of: (Bool, Int).self) { group in
                for round in 0..<4 {
                    for (user, password, valid) in accounts {
                        group.addTask {
                            let status = try await TestHTTPConnection.with(port: port) { connection in
                                let answer = try await TestEWSSession.ntlmHandshake(
                                    connection, credentials: NTLMCredentials(account: user, password: password),
                                    body: request.body
                                )
                                guard answer.status == 200 else { return answer.status }
                                // Still authenticated for the rest of this connection.
                                _ = round
                                return try await connection.send(body: request.body).status
                            }
                            return (valid, status)
                        }
                    }
                }
                for try await (valid, status) in group {
                    #expect(status == (valid ? 200 : 401))
                }
            }
        }
    }

    @Test func largeMIMEComesBackByteForByte() async throws {
        try await Fixture.withSimulator { simulator, port in
            var generator = SystemRandomNumberGenerator()
            let attachment = (0..<(3 * 1024 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let mime =
                Fixture.message(1) + Array(Data(attachment).base64EncodedString(options: .lineLength76Characters).utf8)
            let message = try simulator.addMessage(mime, mailbox: Fixture.alice)
            let id = EWSItemID(id: try #require(simulator.itemID(of: message)))
            let answer = try await TestHTTPConnection.with(port: port) { connection in
                try await TestEWSSession(
                    connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword)
                ).send(try EWSRequestBuilder(version: .exchange2016).getItems([id]))
            }
            let item = try #require(try EWSResponseParser.parseGetItem(answer.body).messages?.first?.item)
            #expect(item.mimeContent == mime)
        }
    }

    /// A property test: random edits of valid requests never crash the pipeline, and every answer is either a
    /// SOAP answer the client's parser reads or a SOAP fault.
    @Test func mutatedRequestsGetParseableAnswers() throws {
        let configuration = Fixture.configuration()
        var state = SimulatorState(store: SimulatorStore(seed: 7))
        for address in configuration.accounts.compactMap(\.smtpAddress) { state.store.addMailbox(address) }
        _ = try state.store.addMessage(
            mime: Fixture.message(1), folder: .inbox, mailbox: Fixture.alice, received: Date(), isRead: false,
            attachments: []
        )
        let builder = EWSRequestBuilder(version: .exchange2016, access: .delegate(smtpAddress: Fixture.alice))
        let seeds = [
            builder.syncFolderHierarchy(syncState: nil).body,
            try builder.syncFolderItems(folder: .distinguished(.inbox), syncState: nil, maxChangesReturned: 5).body,
            try builder.getFolders([.distinguished(.inbox), .distinguished(.sentitems)]).body,
            try builder.findFolders().body,
            try builder.getItems([EWSItemID(id: "AAMkAGI2")]).body,
        ]
        let pipeline = RequestPipeline(configuration: configuration)
        var random = SplitMix(seed: 42)
        for round in 0..<1000 {
            var body = seeds[round % seeds.count]
            for _ in 0..<(1 + random.next(upTo: 4)) {
                let position = random.next(upTo: body.count)
                switch random.next(upTo: 3) {
                case 0: body[position] = UInt8(truncatingIfNeeded: random.next(upTo: 256))
                case 1: body.remove(at: position)
                default: body.insert(body[random.next(upTo: body.count)], at: position)
                }
            }
            let answer: HTTPAnswer
            switch pipeline.decode(body) {
            case .failure(let box):
                answer = box.answer
            case .success(let request):
                switch pipeline.admit(request, login: "alice", state: &state) {
                case .answer(let immediate): answer = immediate
                case .execute(let executor, let request): answer = pipeline.execute(executor, request)
                }
            }
            #expect([200, 500].contains(answer.status))
            // Every answer is well-formed XML with a SOAP envelope.
            let root = try XMLTreeReader.read(answer.body)
            #expect(root.name == "Envelope")
        }
    }
}

/// Deterministic randomness for the property test.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }
}
