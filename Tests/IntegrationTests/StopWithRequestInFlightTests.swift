import Foundation
import Hummingbird
import Testing

/// Issue 16, part 1, for the API side: an HTTP request in flight (here an upload whose body trickles in and would
/// take minutes) does not hold `mailstream serve` after SIGTERM. Requests get a second to finish; the bound here is
/// 4 s, below the 5 s backstop after which everything is cancelled anyway, so that the grace is what is tested.
struct StopWithRequestInFlightTests {
    @Test func serveStopsPromptlyWithAnUploadInFlight() async throws {
        // Nothing to sync: only the upload keeps the server busy.
        let run = try StopTests.Run(integration: """
                type: imap
                enabled: false
                connection: {host: 127.0.0.1, port: 1, security: none, username: x, password: x}
                mailboxes: [{email: x, bucket: mail}]
            """)
        defer { run.cleanup() }
        let api = try await ServeLiveFolderTests.API(run: run)
        defer { api.stop() }
        try await api.waitUntil("the API", within: .seconds(15)) {
            try await api.call(.put, "/api/v1/sources/default/up", [:]).status == .ok
        }
        // A client that sends a 10 MB sync body 10 kB at a time, every 100 ms.
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["python3", "-c", """
            import socket, time
            c = socket.create_connection(('127.0.0.1', \(api.port)))
            c.sendall(b'POST /api/v1/sources/default/up/sync HTTP/1.1\\r\\nHost: x\\r\\n'
                      b'Authorization: Bearer \(api.token)\\r\\nContent-Type: application/json\\r\\n'
                      b'Content-Length: 10000000\\r\\n\\r\\n[')
            for _ in range(600):
                c.sendall(b' ' * 10000)
                time.sleep(0.1)
            """]
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        defer {
            if client.isRunning { kill(client.processIdentifier, SIGKILL) }
            client.waitUntilExit()
        }
        try await Task.sleep(for: .seconds(1))  // the body is being read
        #expect(client.isRunning, "the uploading client ended before SIGTERM")
        let took = try await StopTests.stop(api.process)
        print("StopTests: serve with an upload in flight stopped in \(took.map { "\($0)" } ?? "more than 10 s")")
        let bound: Duration = .seconds(4)
        #expect(took.map { $0 < bound } == true, "serve took \(took.map { "\($0)" } ?? "more than 10 s") to exit")
        #expect(api.process.terminationStatus == 0, "\(run.errors)")
    }
}
