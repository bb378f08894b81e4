import Foundation
import Hummingbird
import Testing

/// Issue 16, part 1, for the API side: an HTTP request in flight (here an upload whose body trickles in and would
/// take minutes) does not hold `mailstream serve` after SIGTERM. Requests get a second to finish: the client's
/// connection must end within 4 s, before the 5 s backstop after which everything is cancelled anyway, so that the
/// grace is what is tested.
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
        // A client that sends a 10 MB sync body 10 kB at a time, every 100 ms; a second in, it sends serve SIGTERM
        // itself and prints how long the server kept its connection. (Its exit also waits for the store to close,
        // seconds on a disk busy with the other tests: the connection's end is what the grace decides.)
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["python3", "-c", """
            import os, signal, socket, time
            c = socket.create_connection(('127.0.0.1', \(api.port)))
            c.sendall(b'POST /api/v1/sources/default/up/sync HTTP/1.1\\r\\nHost: x\\r\\n'
                      b'Authorization: Bearer \(api.token)\\r\\nContent-Type: application/json\\r\\n'
                      b'Content-Length: 10000000\\r\\n\\r\\n[')
            sent = None
            try:
                for i in range(300):
                    c.sendall(b' ' * 10000)
                    if i == 10:
                        sent = time.monotonic()
                        os.kill(\(api.process.processIdentifier), signal.SIGTERM)
                    time.sleep(0.1)
                print('open after 30 s')
            except OSError:
                print('closed after %.3f s' % (time.monotonic() - sent) if sent else 'closed before SIGTERM')
            """]
        let output = Pipe()
        client.standardOutput = output
        client.standardError = FileHandle.nullDevice
        try client.run()
        defer {
            if client.isRunning { kill(client.processIdentifier, SIGKILL) }
            client.waitUntilExit()
        }
        while client.isRunning { try await Task.sleep(for: .milliseconds(20)) }  // 31 s at most
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        print("StopTests: serve with an upload in flight: the client's connection was \(said)")
        let seconds = said.hasPrefix("closed after ") ? Double(said.dropFirst(13).dropLast(2)) : nil
        #expect(seconds.map { $0 < 4 } == true, "\(said)")
        // The process itself: the generous bound of the other stop tests.
        let clock = ContinuousClock()
        let start = clock.now
        while api.process.isRunning, clock.now - start < StopTests.bound {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(!api.process.isRunning, "serve did not exit within 10 s of SIGTERM")
        if !api.process.isRunning { #expect(api.process.terminationStatus == 0, "\(run.errors)") }
    }
}
