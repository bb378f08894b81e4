import ServiceLifecycle

/// Runs `service` (the HTTP server) and, once graceful shutdown reaches it, lets requests in flight finish for at
/// most `grace` before cancelling it: a client trickling an upload would otherwise hold the process until the
/// group's backstop (issue 16: `serve` exits within 2 s of SIGTERM whatever is in flight). Requests that finish
/// within the grace are answered as usual; the others end with their connection.
struct ShutdownGrace<Wrapped: Service>: Service {
    let service: Wrapped
    let grace: Duration

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Child tasks share the group's graceful shutdown: the server starts draining when it begins.
            group.addTask { try await service.run() }
            group.addTask {
                try await gracefulShutdown()
                try await Task.sleep(for: grace)
            }
            // The server ended by itself (drained, or failed), or the grace is over: the other task is cancelled.
            try await group.next()
            group.cancelAll()
            while !group.isEmpty {
                do { try await group.next() } catch is CancellationError {}
            }
        }
    }
}
