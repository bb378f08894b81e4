import EWS
import EWSSimulator
import Testing

@Suite("Injected failures answer as Exchange does")
struct FailureInjectionTests {
    let builder = EWSRequestBuilder(version: .exchange2016)

    private func session(_ connection: TestHTTPConnection) -> TestEWSSession {
        TestEWSSession(connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword))
    }

    static let responseMessageFailures: [(InjectedFailure, EWSResponseCode)] = [
        (.invalidSyncState, .errorInvalidSyncStateData),
        (.syncFolderNotFound, .errorSyncFolderNotFound),
        (.nonExistentMailbox, .errorNonExistentMailbox),
        (.accessDenied, .errorAccessDenied),
        (.mailboxMoveInProgress, .errorMailboxMoveInProgress),
        (.timeoutExpired, .errorTimeoutExpired),
        (.internalServerTransientError, .errorInternalServerTransientError),
    ]

    @Test(arguments: responseMessageFailures)
    func responseMessageErrors(failure: InjectedFailure, code: EWSResponseCode) async throws {
        try await Fixture.withSimulator { simulator, port in
            simulator.failNext(.syncFolderItems, with: failure)
            try await TestHTTPConnection.with(port: port) { connection in
                let request = try builder.syncFolderItems(folder: .distinguished(.inbox), syncState: nil)
                let answer = try await session(connection).send(request)
                #expect(answer.status == 200)
                let message = try #require(try EWSResponseParser.parseSyncFolderItems(answer.body).messages?.first)
                #expect(message.status.responseClass == .error)
                #expect(message.status.responseCode == code)
                #expect(message.status.messageText?.isEmpty == false)
                // Used up: the next call succeeds.
                let next = try await session(connection).send(request)
                #expect(try EWSResponseParser.parseSyncFolderItems(next.body).messages?.first?.status.isSuccess == true)
            }
        }
    }

    @Test func serverBusyIsAFaultWithBackOffMilliseconds() async throws {
        try await Fixture.withSimulator { simulator, port in
            simulator.failNext(.getFolder, with: .serverBusy(backOffMilliseconds: 297_749))
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await session(connection).send(try builder.getFolders([.distinguished(.inbox)]))
                #expect(answer.status == 500)
                let fault = try #require(try EWSResponseParser.parseGetFolder(answer.body).fault)
                #expect(fault.faultCode == "a:ErrorServerBusy")
                #expect(fault.responseCode == .errorServerBusy)
                #expect(fault.backOffMilliseconds == 297_749)
                #expect(fault.disposition == .transient(backOffMilliseconds: 297_749))
            }
        }
    }

    @Test func serverBusyInEachResponseMessage() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let id = EWSItemID(id: try #require(simulator.itemID(of: message)))
            simulator.failNext(.getItem, with: .serverBusyInResponseMessage(backOffMilliseconds: 5000))
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await session(connection).send(try builder.getItems([id, id]))
                let messages = try #require(try EWSResponseParser.parseGetItem(answer.body).messages)
                #expect(messages.count == 2)
                #expect(messages.allSatisfy { $0.status.responseCode == .errorServerBusy })
                #expect(messages.allSatisfy { $0.status.backOffMilliseconds == 5000 })
            }
        }
    }

    @Test func impersonateUserDeniedIsAFault() async throws {
        try await Fixture.withSimulator { simulator, port in
            simulator.failNext(with: .impersonateUserDenied)
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await session(connection).send(builder.syncFolderHierarchy(syncState: nil))
                #expect(answer.status == 500)
                let fault = try #require(try EWSResponseParser.parseSyncFolderHierarchy(answer.body).fault)
                #expect(fault.responseCode == .errorImpersonateUserDenied)
            }
        }
    }

    @Test func http503And429() async throws {
        try await Fixture.withSimulator { simulator, port in
            simulator.failNext(with: .http503)
            simulator.failNext(with: .http429(retryAfter: 30))
            try await TestHTTPConnection.with(port: port) { connection in
                let request = builder.syncFolderHierarchy(syncState: nil)
                let unavailable = try await session(connection).send(request)
                #expect(unavailable.status == 503)
                let tooMany = try await session(connection).send(request)
                #expect(tooMany.status == 429)
                #expect(tooMany.header("Retry-After") == ["30"])
                let fine = try await session(connection).send(request)
                #expect(fine.status == 200)
            }
        }
    }

    @Test func dropConnectionClosesWithoutAnAnswer() async throws {
        try await Fixture.withSimulator { simulator, port in
            simulator.failNext(with: .dropConnection)
            let request = builder.syncFolderHierarchy(syncState: nil)
            await #expect(throws: (any Error).self) {
                try await TestHTTPConnection.with(port: port) { connection in
                    _ = try await session(connection).send(request)
                }
            }
            let status = try await TestHTTPConnection.with(port: port) { connection in
                try await session(connection).send(request).status
            }
            #expect(status == 200)
        }
    }

    @Test func failuresCountAndTargetOneOperation() async throws {
        try await Fixture.withSimulator { simulator, port in
            simulator.failNext(.syncFolderItems, with: .timeoutExpired, count: 2)
            try await TestHTTPConnection.with(port: port) { connection in
                let hierarchy = try await session(connection).send(builder.syncFolderHierarchy(syncState: nil))
                #expect(
                    try EWSResponseParser.parseSyncFolderHierarchy(hierarchy.body).messages?.first?.status.isSuccess
                        == true)
                let request = try builder.syncFolderItems(folder: .distinguished(.inbox), syncState: nil)
                var codes: [EWSResponseCode] = []
                for _ in 0..<3 {
                    let answer = try await session(connection).send(request)
                    let message = try #require(try EWSResponseParser.parseSyncFolderItems(answer.body).messages?.first)
                    codes.append(message.status.responseCode)
                }
                #expect(codes == [.errorTimeoutExpired, .errorTimeoutExpired, .noError])
            }
        }
    }
}
