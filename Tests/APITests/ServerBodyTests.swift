import API
import Foundation
import InMemoryLogging
import Logging
import Testing

/// Request bodies on a live server: a client that leaves mid-body, and the memory all bodies may hold together.
@Suite struct ServerBodyTests {
    static func syncHead(_ secret: String, contentLength: Int) -> String {
        "POST /api/v1/sources/ops/mail/sync HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer \(secret)\r\n"
            + "Content-Length: \(contentLength)\r\n\r\n"
    }

    @Test func clientLeavingMidBodyIsA499LoggedAtDebugNotA500() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        try await LiveServer.run(harness, limits: ServerLimits()) { server in
            let connection = try RawConnection(port: server.port)
            await connection.send(Self.syncHead(harness.adminSecret, contentLength: 100_000))
            await connection.send(#"{"comments": ["# + String(repeating: " ", count: 1_000))
            try await Task.sleep(for: .milliseconds(300))
            connection.close()
            let series = await server.requestSeries(until: #"status="499""#)
            #expect(series.contains { $0.contains(#"route="/api/v1/sources/{owner}/{name}/sync""#)
                && $0.contains(#"status="499""#) })
            #expect(!series.contains { $0.contains(#"status="500""#) }, "\(series)")
            let entries = server.logs.entries
            #expect(!entries.contains { $0.level >= .error }, "\(entries.filter { $0.level >= .error })")
            let closed = entries.filter { "\($0.message)".hasPrefix("client closed the request") }
            #expect(closed.count == 1)
            #expect(closed.first?.level == .debug)
        }
    }

    /// The client sends a whole request, then closes before the answer. Whether the server sees the close before
    /// the handler answers is a race (on a loaded machine the event loop may see it late, and the answer is then
    /// rightly the 400); so the handler's work grows (60, 180, 540 comments of 64,000 characters, the last one
    /// invalid) until the close comes first, which must then be counted as a 499 and never as a 500 or an error.
    @Test func clientLeavingBeforeTheAnswerIsA499() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        let text = String(repeating: "x", count: 64_000)
        try await LiveServer.run(harness, limits: ServerLimits()) { server in
            var answered = 0
            for count in [60, 180, 540] {
                let comments = (0..<count).map {
                    #"{"id":"c\#($0)","timestamp":"2025-01-06T10:15:00Z","messages":[{"body":{"text":"\#(text)"}}]}"#
                } + [#"{"id":"bad","timestamp":"never","messages":[{"body":{"text":"x"}}]}"#]
                let body = #"{"comments":["# + comments.joined(separator: ",") + "]}"
                let connection = try RawConnection(port: server.port)
                await connection.send(Self.syncHead(harness.adminSecret, contentLength: body.utf8.count) + body)
                connection.close()
                answered += 1
                let counts = await Self.syncCounts(server, total: answered)
                #expect(counts.values.reduce(0, +) == answered, "\(counts)")
                #expect(Set(counts.keys).isSubset(of: ["400", "499"]), "\(counts)")
                if counts["499", default: 0] > 0 { break }
            }
            let counts = await Self.syncCounts(server, total: answered)
            #expect(counts["499"] == 1, "the close came first in none of \(answered) tries: \(counts)")
            #expect(!server.logs.entries.contains { $0.level >= .error })
        }
    }

    /// The sync route's request counts by status, once `total` requests have been counted (or after 20 s).
    static func syncCounts(_ server: LiveServer, total: Int) async -> [String: Int] {
        var counts: [String: Int] = [:]
        let started = ContinuousClock.now
        repeat {
            counts = [:]
            for line in server.metrics().split(separator: "\n")
            where line.hasPrefix("mailstream_http_request_duration_seconds_count")
                && line.contains(#"route="/api/v1/sources/{owner}/{name}/sync""#) {
                guard let status = line.split(separator: "status=\"").last?.prefix(3),
                      let value = line.split(separator: " ").last.flatMap({ Int($0) }) else { continue }
                counts[String(status), default: 0] += value
            }
            if counts.values.reduce(0, +) >= total { break }
            try? await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now - started < .seconds(20)
        return counts
    }

    @Test func bodyBudgetRefusesWith503WhenSpentAndRecovers() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        let limits = ServerLimits(maximumBodyMemory: 1_048_576)
        try await LiveServer.run(harness, limits: limits) { server in
            // A body of 800,000 bytes is being read and holds most of the budget; another one of 500,000 is
            // refused meanwhile. Should the other come first (the holder's handler not yet reading), the holder is
            // the one refused: then both start over.
            let other = Self.syncHead(harness.adminSecret, contentLength: 500_000)
                + String(repeating: " ", count: 500_000)
            var refusal: RawResponse?
            var holder = try RawConnection(port: server.port)
            defer { holder.close() }
            for attempt in 0..<10 where refusal == nil {
                if attempt > 0 {
                    holder.close()
                    holder = try RawConnection(port: server.port)
                }
                await holder.send(Self.syncHead(harness.adminSecret, contentLength: 800_000))
                await holder.send(String(repeating: " ", count: 1_000))
                try await Task.sleep(for: .milliseconds(300))
                let answer = try await server.request(other)
                if answer?.status == 503 { refusal = answer }
            }
            #expect(refusal?.headers["retry-after"] == "2")
            #expect(refusal?.json["status"] as? String == "error")
            #expect((refusal?.json["message"] as? String)?.contains("too many request bodies") == true)
            // The holder finishes (its body isn't JSON: 400); the same request then fits.
            await holder.send(String(repeating: " ", count: 799_000))
            #expect(await holder.response(within: .seconds(20))?.status == 400)
            #expect(try await server.request(other)?.status == 400)
            // A body larger than the whole budget could never fit: 413, not 503.
            let huge = Self.syncHead(harness.adminSecret, contentLength: 2_000_000)
            #expect(try await server.request(huge)?.status == 413)
            #expect(!server.logs.entries.contains { $0.level >= .error })
        }
    }
}
