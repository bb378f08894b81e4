import API
import Foundation
import Logging
import Testing

/// The server against slow, idle and crowding clients, live on 127.0.0.1 with raw sockets. Limits are short here
/// so the tests run in seconds; the bounds they check are generous, for slow machines.
@Suite struct ServerLimitsTests {
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"

    @Test func slowlorisConnectionsAreClosedAfterTheHeaderTimeoutWhileOthersAreServed() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let limits = ServerLimits(headerTimeout: .seconds(1), idleTimeout: .seconds(30))
        try await LiveServer.run(harness, limits: limits) { server in
            let started = ContinuousClock.now
            var slow: [RawConnection] = []
            defer { slow.forEach { $0.close() } }
            for _ in 0..<200 {
                let connection = try RawConnection(port: server.port)
                await connection.send("GET /healthz HTTP/1.1\r\n")
                slow.append(connection)
            }
            // Meanwhile an ordinary client is answered at once.
            let asked = ContinuousClock.now
            let answer = try await server.request(Self.healthz)
            #expect(answer?.status == 200)
            #expect(ContinuousClock.now - asked < .seconds(5))
            // The slow ones keep trickling a header line, which doesn't buy them time.
            var open = slow
            while !open.isEmpty, ContinuousClock.now - started < .seconds(30) {
                open = open.filter { !$0.peerClosed() }
                for connection in open { await connection.send("X-Trickle: 1\r\n") }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(open.isEmpty, "\(open.count) of 200 slowloris connections still open after 30 s")
            #expect(server.metrics().contains(#"mailstream_http_connections_closed{reason="header_timeout"} 200"#))
        }
    }

    @Test func slowBodyIsClosedByTheMinimumRateWhileAFastOneIsAnswered() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        let limits = ServerLimits(bodyMinimumRate: 1_000, bodyGracePeriod: .milliseconds(500),
                                  bodyRateWindow: .seconds(1), idleTimeout: .seconds(30))
        try await LiveServer.run(harness, limits: limits) { server in
            let head = "POST /api/v1/sources/ops/mail/sync HTTP/1.1\r\nHost: test\r\n"
                + "Authorization: Bearer \(harness.adminSecret)\r\nContent-Length: 30000\r\n\r\n"
            let slow = try RawConnection(port: server.port)
            let fast = try RawConnection(port: server.port)
            defer { slow.close(); fast.close() }
            await slow.send(head)
            await fast.send(head)
            // 50 bytes/s against a minimum of 1,000; the fast one sends 20,000 bytes/s.
            let started = ContinuousClock.now
            var sentFast = 0
            var slowClosed = false
            while !slowClosed || sentFast < 30_000, ContinuousClock.now - started < .seconds(30) {
                slowClosed = slowClosed || slow.peerClosed()
                if !slowClosed { await slow.send(String(repeating: " ", count: 10)) }
                if sentFast < 30_000 {
                    await fast.send(String(repeating: " ", count: 2_000))
                    sentFast += 2_000
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(slowClosed, "the slow body's connection is still open after 30 s")
            let answer = await fast.response(within: .seconds(20))
            #expect(answer?.status == 400)
            #expect(answer?.json["status"] as? String == "error")
            #expect(server.metrics().contains(#"mailstream_http_connections_closed{reason="body_too_slow"} 1"#))
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let limits = ServerLimits(headerTimeout: .seconds(30), idleTimeout: .seconds(1))
        try await LiveServer.run(harness, limits: limits) { server in
            let connection = try RawConnection(port: server.port)
            defer { connection.close() }
            await connection.send(Self.healthz)
            #expect(await connection.response(within: .seconds(20))?.status == 200)
            #expect(!connection.peerClosed())
            #expect(await connection.waitForClose(within: .seconds(20)))
            #expect(server.metrics().contains(#"mailstream_http_connections_closed{reason="idle_timeout"} 1"#))
        }
    }

    @Test func connectionsBeyondTheMaximumWaitWhileTheOthersWork() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let limits = ServerLimits(headerTimeout: .seconds(60), idleTimeout: .seconds(60), maximumConnections: 4)
        try await LiveServer.run(harness, limits: limits) { server in
            var admitted: [RawConnection] = []
            defer { admitted.forEach { $0.close() } }
            for _ in 0..<4 {
                let connection = try RawConnection(port: server.port)
                await connection.send(Self.healthz)
                #expect(await connection.response(within: .seconds(20))?.status == 200)
                admitted.append(connection)
            }
            let waiting = try RawConnection(port: server.port)
            defer { waiting.close() }
            await waiting.send(Self.healthz)
            #expect(await waiting.response(within: .seconds(1)) == nil)
            // The admitted ones still work.
            await admitted[0].send(Self.healthz)
            #expect(await admitted[0].response(within: .seconds(20))?.status == 200)
            // One leaves: the waiting one is accepted and answered.
            admitted[1].close()
            #expect(await waiting.response(within: .seconds(20))?.status == 200)
        }
    }

    @Test func oversizedHeadsAndGarbageGetTheJSONErrorEnvelope() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await LiveServer.run(harness, limits: ServerLimits()) { server in
            let bigHeader = "GET /healthz HTTP/1.1\r\nHost: test\r\n"
                + "X-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n"
            let bigURI = "GET /healthz?\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: test\r\n\r\n"
            let manyHeaders = "GET /healthz HTTP/1.1\r\n"
                + String(repeating: "X-Some-Header: \(String(repeating: "b", count: 100))\r\n", count: 1_000) + "\r\n"
            let cases: [(String, Int, String)] = [
                (bigHeader, 431, "headers are too large"), (manyHeaders, 431, "headers are too large"),
                (bigURI, 414, "URI is too long"), ("HELLO\r\n\r\n", 400, "not valid HTTP"),
            ]
            for (request, status, message) in cases {
                let answer = try await server.request(request)
                #expect(answer?.status == status)
                #expect(answer?.headers["content-type"] == "application/json")
                #expect(answer?.json["status"] as? String == "error")
                #expect((answer?.json["message"] as? String)?.contains(message) == true,
                        "\(answer.map { String(decoding: $0.body, as: UTF8.self) } ?? "no answer")")
            }
        }
    }

    /// `/healthz` used to read the store synchronously: with every thread of the shared pool blocked waiting for a
    /// reader, the async reads that held the readers could never finish, and the server hung for good. Since the
    /// test shares the process's pool, that regression hangs this test (seen), rather than failing it.
    @Test func healthChecksAmongConcurrentReadsAllGetAnswered() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await LiveServer.run(harness, limits: ServerLimits()) { server in
            let listing = "GET /api/v1/sources HTTP/1.1\r\nHost: test\r\n"
                + "Authorization: Bearer \(harness.adminSecret)\r\n\r\n"
            let answered = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<200 {
                    group.addTask { try await server.request(index % 2 == 0 ? Self.healthz : listing)?.status }
                }
                return try await group.reduce(into: 0) { count, status in count += status == 200 ? 1 : 0 }
            }
            #expect(answered == 200)
        }
    }
}
