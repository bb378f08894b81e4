import Domain
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension OutboundPolicy {
    /// Resolves `host` (getaddrinfo, on NIO's thread pool rather than an event loop) and returns the addresses the
    /// policy allows, in the resolver's order of preference. Connect to these and never resolve the name again:
    /// a second answer could be another address (DNS rebinding). TLS (SNI, certificate names) and HTTP `Host`
    /// keep using the host name.
    /// - Throws: `MailSourceError(.configuration)` from ``refusedError(host:port:refused:)`` when the policy
    ///   refuses every address; `.transient` when the name does not resolve.
    public func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let resolved: [SocketAddress]
        if IPAddress(name) != nil {
            resolved = [try SocketAddress(ipAddress: name, port: port)]
        } else {
            do {
                resolved = try await NIOThreadPool.singleton.runIfActive { try Self.lookUp(name, port: port) }
            } catch let error as ResolutionError {
                throw MailSourceError(.transient(retryAfter: nil), "cannot resolve the server's host name",
                                      detail: "\(name): \(error.message)")
            }
        }
        var allowed: [SocketAddress] = []
        var refused: [(IPAddress, AddressCategory)] = []
        for address in resolved {
            guard let ip = IPAddress(address) else { continue }
            if let category = refusal(of: ip, port: port) {
                if !refused.contains(where: { $0.0 == ip }) { refused.append((ip, category)) }
            } else if !allowed.contains(address) {
                allowed.append(address)
            }
        }
        guard !allowed.isEmpty else { throw refusedError(host: name, port: port, refused: refused) }
        return allowed
    }

    /// Connects `bootstrap` to the first allowed address of `host` that accepts, trying them in order.
    /// - Throws: the errors of ``resolve(host:port:)``, or the last address's connection error (for the caller to
    ///   classify).
    public func connect(_ bootstrap: ClientBootstrap, host: String, port: Int) async throws -> any Channel {
        var lastError: (any Error)?
        for address in try await resolve(host: host, port: port) {
            try Task.checkCancellation()
            do {
                return try await Self.cancellable(bootstrap.connect(to: address))
            } catch {
                lastError = error
            }
        }
        throw lastError ?? MailSourceError(.transient(retryAfter: nil), "cannot connect to the server")
    }

    /// Waits for a connection attempt, or stops waiting when the task is cancelled (a stopping service): the
    /// attempt then runs on to its end (at most the connect timeout) and a channel it opens is closed at once.
    static func cancellable(_ future: EventLoopFuture<any Channel>) async throws -> any Channel {
        let waiter = ConnectWaiter()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard waiter.install(continuation) else {
                    continuation.resume(throwing: CancellationError())
                    future.whenSuccess { $0.close(promise: nil) }
                    return
                }
                future.whenComplete { result in
                    guard let continuation = waiter.take() else {
                        if case .success(let channel) = result { channel.close(promise: nil) }
                        return
                    }
                    continuation.resume(with: result)
                }
            }
        } onCancel: {
            waiter.take()?.resume(throwing: CancellationError())
        }
    }

    struct ResolutionError: Error {
        var message: String
    }

    /// Every TCP address of `host` (IPv4 and IPv6), as the system's resolver orders them (RFC 6724).
    static func lookUp(_ host: String, port: Int) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0, let first = list else {
            throw ResolutionError(message: String(cString: gai_strerror(code)))
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor?.pointee {
            cursor = info.ai_next
            guard let raw = info.ai_addr else { continue }
            switch info.ai_family {
            case AF_INET:
                addresses.append(raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    SocketAddress($0.pointee, host: host)
                })
            case AF_INET6:
                addresses.append(raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    SocketAddress($0.pointee, host: host)
                })
            default:
                continue
            }
        }
        return addresses
    }
}

/// The continuation of one connection attempt, resumed once: by the attempt's end or by cancellation.
private final class ConnectWaiter: Sendable {
    private enum State {
        case waiting
        case installed(CheckedContinuation<any Channel, any Error>)
        case done
    }

    private let state = Mutex(State.waiting)

    /// False when the task was cancelled first.
    func install(_ continuation: CheckedContinuation<any Channel, any Error>) -> Bool {
        state.withLock { state in
            guard case .waiting = state else { return false }
            if Task.isCancelled {
                state = .done
                return false
            }
            state = .installed(continuation)
            return true
        }
    }

    func take() -> CheckedContinuation<any Channel, any Error>? {
        state.withLock { state in
            switch state {
            case .installed(let continuation):
                state = .done
                return continuation
            case .waiting:
                state = .done
                return nil
            case .done:
                return nil
            }
        }
    }
}
