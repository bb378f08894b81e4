import EWS
import Foundation

/// The server side of an NTLMv2 handshake, for test simulators of Exchange: issues a CHALLENGE and verifies
/// the AUTHENTICATE against a password lookup, the way a domain controller would ([MS-NLMP] 3.2.5.1.2, 3.3.2).
///
/// One instance per connection. Each CHALLENGE can be answered once; `verify` consumes it, successful or not.
public struct NTLMServer: Sendable {
    /// Whether and how the server checks MsvAvChannelBindings (IIS "Extended Protection").
    public enum ChannelBindingPolicy: Sendable, Hashable {
        /// No check (Extended Protection off).
        case off
        /// Checks the binding when the client sends one, accepts clients that send none ("Accept"/"Allow").
        case allow(NTLMChannelBinding)
        /// Refuses clients that send no binding or another one ("Require", Exchange 2019 CU14's default).
        case require(NTLMChannelBinding)
    }

    /// What the simulated server announces in its CHALLENGE and what it demands of the AUTHENTICATE.
    public struct Configuration: Sendable {
        /// The 8-byte nonce; nil draws a fresh random one for every CHALLENGE (set it only for test vectors).
        public var serverChallenge: [UInt8]?
        /// MsvAvNbDomainName, also the CHALLENGE's TargetName.
        public var netBIOSDomainName: String
        /// MsvAvNbComputerName.
        public var netBIOSComputerName: String
        /// MsvAvDnsDomainName, when set.
        public var dnsDomainName: String?
        /// MsvAvDnsComputerName, when set.
        public var dnsComputerName: String?
        /// Sends MsvAvTimestamp, as every Windows server since 2008 does; clients then answer with a MIC.
        public var includesTimestamp: Bool
        /// Whether MsvAvChannelBindings is checked; `.off` by default.
        public var channelBinding: ChannelBindingPolicy

        public init(
            serverChallenge: [UInt8]? = nil,
            netBIOSDomainName: String = "MAILSTREAM",
            netBIOSComputerName: String = "EXCHANGE",
            dnsDomainName: String? = nil,
            dnsComputerName: String? = nil,
            includesTimestamp: Bool = true,
            channelBinding: ChannelBindingPolicy = .off
        ) {
            self.serverChallenge = serverChallenge
            self.netBIOSDomainName = netBIOSDomainName
            self.netBIOSComputerName = netBIOSComputerName
            self.dnsDomainName = dnsDomainName
            self.dnsComputerName = dnsComputerName
            self.includesTimestamp = includesTimestamp
            self.channelBinding = channelBinding
        }
    }

    private enum State: Sendable {
        case initial
        case challenged(negotiate: [UInt8], challenge: [UInt8], flags: NTLMNegotiateFlags, nonce: [UInt8])
    }

    public let configuration: Configuration
    private let clock: @Sendable () -> Date
    private let random: @Sendable (Int) -> [UInt8]
    private var state = State.initial

    /// - Parameters:
    ///   - clock: the time for MsvAvTimestamp.
    ///   - random: returns exactly the given number of random bytes (the server challenge, when not configured).
    public init(
        configuration: Configuration = Configuration(),
        clock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable (Int) -> [UInt8] = NTLMClient.systemRandom
    ) {
        self.configuration = configuration
        self.clock = clock
        self.random = random
    }

    /// Answers a NEGOTIATE message with a CHALLENGE ([MS-NLMP] 3.2.5.1.1), agreeing to the client's Unicode,
    /// extended session security, key exchange and key-strength flags, never to signing or sealing.
    ///
    /// - Throws: `NTLMError.malformedMessage` or `.unexpectedMessageType` for bytes that aren't a NEGOTIATE,
    ///   `.malformedMessage` also for a configured server challenge that isn't 8 bytes; `.messageTooLarge` for
    ///   configured names too long for the TargetInfo.
    public mutating func challenge(negotiate: [UInt8]) throws(NTLMError) -> [UInt8] {
        state = .initial
        let requested = try NTLMNegotiateMessage(decoding: negotiate).flags

        var flags: NTLMNegotiateFlags = [.ntlm, .targetInfo, .targetTypeDomain, .requestTarget]
        flags.insert(requested.contains(.unicode) ? .unicode : .oem)
        flags.formUnion(requested.intersection([
            .alwaysSign, .extendedSessionSecurity, .version, .negotiate128, .negotiate56, .keyExchange,
        ]))

        var targetInfo = NTLMTargetInfo()
        targetInfo.set(.nbDomainName, NTLMString.utf16LE(configuration.netBIOSDomainName))
        targetInfo.set(.nbComputerName, NTLMString.utf16LE(configuration.netBIOSComputerName))
        if let dnsDomainName = configuration.dnsDomainName {
            targetInfo.set(.dnsDomainName, NTLMString.utf16LE(dnsDomainName))
        }
        if let dnsComputerName = configuration.dnsComputerName {
            targetInfo.set(.dnsComputerName, NTLMString.utf16LE(dnsComputerName))
        }
        if configuration.includesTimestamp {
            targetInfo.set(.timestamp, NTLMTargetInfo.uint64Value(NTLMFileTime.fileTime(from: clock())))
        }

        let nonce = configuration.serverChallenge ?? random(8)
        let message = try NTLMChallengeMessage(
            flags: flags,
            targetName: configuration.netBIOSDomainName,
            serverChallenge: nonce,
            targetInfo: targetInfo,
            version: flags.contains(.version) ? NTLMVersion(major: 10, minor: 0, build: 20348) : nil
        ).encoded()
        state = .challenged(negotiate: negotiate, challenge: message, flags: flags, nonce: nonce)
        return message
    }

    /// Waits for the answer to a CHALLENGE made elsewhere, so that messages captured from other implementations
    /// can be verified.
    mutating func expectAuthenticate(negotiate: [UInt8], challenge: [UInt8]) throws(NTLMError) {
        let parsed = try NTLMChallengeMessage(decoding: challenge)
        state = .challenged(
            negotiate: negotiate, challenge: challenge, flags: parsed.flags, nonce: parsed.serverChallenge
        )
    }

    /// Verifies the AUTHENTICATE message that answers the last CHALLENGE.
    ///
    /// Recomputes NTProofStr from the client's own blob with the password on file and compares in constant
    /// time; then checks the MIC when MsvAvFlags announces one, and the channel binding per the configured
    /// policy. The AV pairs that carry MIC flag and channel binding are covered by NTProofStr, so a client can't
    /// strip them without knowing the password.
    ///
    /// - Parameter password: the password of `user` in `domain` as the client spelled them, or nil if unknown.
    /// - Returns: the authenticated account.
    /// - Throws: `NTLMError.invalidState` without a pending CHALLENGE; `.malformedMessage`,
    ///   `.unexpectedMessageType`; `.unsupportedResponse` for NTLMv1 or anonymous; `.unknownUser`;
    ///   `.wrongPassword`; `.badMIC`; `.missingChannelBinding`; `.wrongChannelBinding`.
    public mutating func verify(
        authenticate: [UInt8],
        password: (_ user: String, _ domain: String) -> String?
    ) throws(NTLMError) -> NTLMAuthenticatedUser {
        guard case .challenged(let negotiate, let challenge, let challengeFlags, let nonce) = state else {
            throw .invalidState
        }
        state = .initial

        let message = try NTLMAuthenticateMessage(decoding: authenticate)
        // NTLMv1 responses are exactly 24 bytes; anonymous ones empty. Neither proves knowledge of a password.
        guard message.ntChallengeResponse.count > 24 else { throw .unsupportedResponse }
        let response = try NTLMv2.Response(parsing: message.ntChallengeResponse)

        guard let storedPassword = password(message.user, message.domain) else { throw .unknownUser }
        let responseKey = NTLMv2.responseKey(password: storedPassword, user: message.user, domain: message.domain)
        let expectedProof = NTLMv2.ntProof(
            responseKey: responseKey, serverChallenge: nonce, clientBlob: response.clientBlob
        )
        guard NTLMCrypto.constantTimeEqual(expectedProof, response.ntProof) else { throw .wrongPassword }

        let sessionBaseKey = NTLMv2.sessionBaseKey(responseKey: responseKey, ntProof: response.ntProof)
        var exportedSessionKey = sessionBaseKey
        // [MS-NLMP] 3.2.5.1.2: the random session key is exchanged with signing or sealing. Without them a client
        // may send a placeholder (pyspnego sends one byte), which is ignored; a full 16-byte key is still used,
        // as some clients exchange keys regardless.
        let signsOrSeals = message.flags.contains(.sign) || message.flags.contains(.seal)
        let sentKey = message.encryptedRandomSessionKey.count == 16
        if message.flags.contains(.keyExchange), challengeFlags.contains(.keyExchange), signsOrSeals || sentKey {
            guard sentKey else {
                throw .malformed("encrypted session key of \(message.encryptedRandomSessionKey.count) bytes")
            }
            exportedSessionKey = RC4.encrypt(key: sessionBaseKey, message.encryptedRandomSessionKey)
        }

        if let avFlags = response.targetInfo.flags, avFlags & NTLMTargetInfo.flagMICPresent != 0 {
            guard let mic = message.mic else { throw .badMIC }
            let expectedMIC = NTLMv2.mic(
                exportedSessionKey: exportedSessionKey, negotiate: negotiate, challenge: challenge,
                authenticate: authenticate
            )
            guard NTLMCrypto.constantTimeEqual(expectedMIC, mic) else { throw .badMIC }
        }

        try checkChannelBinding(response.targetInfo[.channelBindings])

        return NTLMAuthenticatedUser(
            user: message.user,
            domain: message.domain,
            workstation: message.workstation,
            exportedSessionKey: exportedSessionKey
        )
    }

    private func checkChannelBinding(_ sent: [UInt8]?) throws(NTLMError) {
        let expected: NTLMChannelBinding
        let required: Bool
        switch configuration.channelBinding {
        case .off:
            return
        case .allow(let binding):
            (expected, required) = (binding, false)
        case .require(let binding):
            (expected, required) = (binding, true)
        }
        guard let sent, sent != NTLMChannelBinding.unbound else {
            if required { throw .missingChannelBinding }
            return
        }
        guard NTLMCrypto.constantTimeEqual(sent, expected.hash) else { throw .wrongChannelBinding }
    }
}

/// An account that proved its password to `NTLMServer`.
public struct NTLMAuthenticatedUser: Sendable, Hashable {
    /// The user name as the client sent it.
    public var user: String
    /// The domain as the client sent it (may be empty).
    public var domain: String
    /// The client's workstation name (may be empty).
    public var workstation: String
    /// The key both sides now share: the session base key, or the random session key under key exchange.
    public var exportedSessionKey: [UInt8]
}
