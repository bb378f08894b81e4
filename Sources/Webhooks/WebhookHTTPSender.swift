import AsyncHTTPClient
import ClientTLS
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends webhook requests, bounded: through ``OutboundTunnel`` under the outbound policy (every address of the
/// target's host checked when connecting, so neither this server, nor link-local or metadata addresses, nor
/// whatever the policy refuses is reached, whatever DNS answers), redirects not followed (a 3xx is a failure),
/// a connect and a total timeout, at most ``Limits/maximumAnswer`` bytes of the answer read.
/// One AsyncHTTPClient for the sender's life; ``shutdown()`` ends it.
public final class WebhookHTTPSender: Sendable {
    /// The bounds of one request.
    public struct Limits: Sendable, Equatable {
        public var connectTimeout: Duration
        public var totalTimeout: Duration
        public var maximumAnswer: Int

        public init(connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(15),
                    maximumAnswer: Int = 4_096) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maximumAnswer = maximumAnswer
        }
    }

    /// What came of one request.
    public struct Outcome: Sendable, Equatable {
        /// The answer's status; nil when none came.
        public var status: Int?
        public var retryAfter: String?
        /// The start of the answer (at most the limit), for the log.
        public var answer: [UInt8]
        /// Why it failed; nil for a 2xx.
        public var error: String?
        /// True when no retry can help until someone changes something (the policy refuses the address).
        public var isPermanent: Bool
        public var latency: Duration

        public var succeeded: Bool { error == nil }

        /// For a delivery log: what went wrong and the start of the receiver's answer, printable and short.
        public var errorText: String {
            let error = error ?? "failed"
            let text = String(decoding: answer.prefix(200), as: UTF8.self)
                .unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
                .trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? error : "\(error): \(text)"
        }
    }

    let client: HTTPClient
    let tunnel: OutboundTunnel
    let registration: OutboundTunnel.Registration
    public let limits: Limits

    /// - Throws: when the tunnel can't listen.
    public init(policy: OutboundPolicy, limits: Limits = Limits(), tunnel: OutboundTunnel = .shared) async throws {
        self.tunnel = tunnel
        self.limits = limits
        registration = try await tunnel.register(policy)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(limits.connectTimeout), read: Self.timeAmount(limits.totalTimeout)),
            proxy: .server(host: registration.host, port: registration.port,
                           authorization: .basic(username: registration.username, password: registration.password)))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// POSTs `body` as JSON with `headers` (the signature's). Never throws for what the receiver or the network
    /// did: that is an ``Outcome``. - Throws: `CancellationError` when the task is cancelled.
    public func post(url: String, headers: [(String, String)], body: Data) async throws -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Mailstream-Webhooks/1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        func outcome(_ status: Int?, _ retryAfter: String? = nil, _ answer: [UInt8] = [], error: String?,
                     permanent: Bool = false) -> Outcome {
            Outcome(status: status, retryAfter: retryAfter, answer: answer, error: error, isPermanent: permanent,
                    latency: clock.now - started)
        }
        do {
            let response = try await client.execute(request, timeout: Self.timeAmount(limits.totalTimeout))
            var answer: [UInt8] = []
            // The rest of a long answer is left unread: the connection closes instead of carrying it.
            for try await buffer in response.body {
                answer += buffer.readableBytesView.prefix(limits.maximumAnswer - answer.count)
                if answer.count >= limits.maximumAnswer { break }
            }
            let status = Int(response.status.code)
            let retryAfter = response.headers.first(name: "Retry-After")
            switch status {
            case 200..<300: return outcome(status, retryAfter, answer, error: nil)
            case 300..<400:
                return outcome(status, retryAfter, answer,
                               error: "answered \(status) (a redirect, which webhooks do not follow)")
            default: return outcome(status, retryAfter, answer, error: "answered \(status)")
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let (text, permanent) = describe(error, url: url)
            return outcome(nil, error: text, permanent: permanent)
        }
    }

    /// The error's words for the log; permanent when the outbound policy refused the address.
    func describe(_ error: any Error, url: String) -> (String, Bool) {
        let components = URLComponents(string: url)
        let host = components?.host ?? ""
        let port = components?.port ?? (components?.scheme == "http" ? 80 : 443)
        if let error = error as? HTTPClientError,
           error == .invalidProxyResponse || error == .proxyAuthenticationRequired,
           let failure = tunnel.failure(credential: registration.password, host: host, port: port) {
            let permanent = failure.kind == .configuration
            return (failure.description, permanent)
        }
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout {
                return ("no answer within \(limits.totalTimeout)", false)
            }
            if error == .connectTimeout { return ("could not connect within \(limits.connectTimeout)", false) }
        }
        return ("\(host), port \(port): \(error)", false)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
