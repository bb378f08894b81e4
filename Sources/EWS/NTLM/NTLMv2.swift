import Foundation

/// The NTLMv2 computations of [MS-NLMP] 3.3.2, shared by the client and the server verifier.
package enum NTLMv2 {
    /// `NTOWFv1(password) = MD4(UNICODE(password))`, the "NT hash" ([MS-NLMP] 3.3.1).
    package static func ntHash(password: String) -> [UInt8] {
        MD4.hash(NTLMString.utf16LE(password))
    }

    /// `NTOWFv2 = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(ConcatenationOf(Uppercase(User), UserDom)))`.
    /// The domain keeps its case; only the user name is upper-cased.
    package static func responseKey(password: String, user: String, domain: String) -> [UInt8] {
        NTLMCrypto.hmacMD5(
            key: ntHash(password: password),
            NTLMString.utf16LE(NTLMString.uppercasedLikeWindows(user) + domain)
        )
    }

    /// `temp`, the NTLMv2_CLIENT_CHALLENGE of [MS-NLMP] 2.2.2.7: RespType 1, HiRespType 1, Z(6), the FILETIME
    /// timestamp, the client challenge, Z(4), the AV pairs (ending in MsvAvEOL), Z(4).
    package static func clientBlob(timestamp: UInt64, clientChallenge: [UInt8], targetInfo: [UInt8]) -> [UInt8] {
        var writer = NTLMByteWriter()
        writer.append(UInt8(1))
        writer.append(UInt8(1))
        writer.appendZeros(6)
        writer.append(timestamp)
        writer.append(clientChallenge)
        writer.appendZeros(4)
        writer.append(targetInfo)
        writer.appendZeros(4)
        return writer.bytes
    }

    /// `NTProofStr = HMAC_MD5(ResponseKeyNT, ConcatenationOf(CHALLENGE_MESSAGE.ServerChallenge, temp))`.
    package static func ntProof(responseKey: [UInt8], serverChallenge: [UInt8], clientBlob: [UInt8]) -> [UInt8] {
        NTLMCrypto.hmacMD5(key: responseKey, serverChallenge + clientBlob)
    }

    /// `LmChallengeResponse = HMAC_MD5(ResponseKeyLM, ServerChallenge ‖ ClientChallenge) ‖ ClientChallenge`;
    /// for NTLMv2 ResponseKeyLM is the same NTOWFv2 as ResponseKeyNT.
    package static func lmResponse(responseKey: [UInt8], serverChallenge: [UInt8], clientChallenge: [UInt8]) -> [UInt8] {
        NTLMCrypto.hmacMD5(key: responseKey, serverChallenge + clientChallenge) + clientChallenge
    }

    /// `SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr)`; for NTLMv2 it is also the KeyExchangeKey.
    package static func sessionBaseKey(responseKey: [UInt8], ntProof: [UInt8]) -> [UInt8] {
        NTLMCrypto.hmacMD5(key: responseKey, ntProof)
    }

    /// `MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖ AUTHENTICATE)`, the last with its MIC field
    /// zeroed ([MS-NLMP] 3.1.5.1.2).
    package static func mic(exportedSessionKey: [UInt8], negotiate: [UInt8], challenge: [UInt8], authenticate: [UInt8])
        -> [UInt8]
    {
        NTLMCrypto.hmacMD5(
            key: exportedSessionKey,
            negotiate + challenge + NTLMAuthenticateMessage.zeroingMIC(in: authenticate)
        )
    }

    /// An NTLMv2_RESPONSE as the server reads it back ([MS-NLMP] 2.2.2.8): NTProofStr and the client blob.
    package struct Response: Sendable, Hashable {
        package static let proofCount = 16
        /// RespType, HiRespType, Z(6), timestamp, challenge, Z(4).
        private static let blobHeaderCount = 28

        package var ntProof: [UInt8]
        /// `temp` exactly as sent: the proof is recomputed over these bytes, not over a re-encoding.
        package var clientBlob: [UInt8]
        package var timestamp: UInt64
        package var clientChallenge: [UInt8]
        package var targetInfo: NTLMTargetInfo

        package init(parsing ntChallengeResponse: [UInt8]) throws(NTLMError) {
            let reader = NTLMByteReader(ntChallengeResponse)
            ntProof = try reader.bytes(at: 0, count: Self.proofCount)
            let blobCount = ntChallengeResponse.count - Self.proofCount
            guard blobCount >= Self.blobHeaderCount else { throw .malformed("NTLMv2 blob of \(blobCount) bytes") }
            clientBlob = try reader.bytes(at: Self.proofCount, count: blobCount)
            guard try reader.uint8(at: 16) == 1, try reader.uint8(at: 17) == 1 else {
                throw .malformed("NTLMv2 blob response type")
            }
            timestamp = try reader.uint64(at: 24)
            clientChallenge = try reader.bytes(at: 32, count: 8)
            targetInfo = try NTLMTargetInfo(
                parsing: try reader.bytes(at: 44, count: ntChallengeResponse.count - 44)
            )
        }
    }
}

/// Windows FILETIME: 100-nanosecond ticks since 1601-01-01 UTC, the unit of MsvAvTimestamp and the NTLMv2 blob.
package enum NTLMFileTime {
    /// Seconds from 1601-01-01 to 1970-01-01.
    package static let unixEpochOffset: Int64 = 11_644_473_600
    package static let ticksPerSecond: Int64 = 10_000_000

    /// Whole seconds and the fraction are converted separately, so a whole-second date converts exactly
    /// (a Double can't hold FILETIME values exactly). Dates before 1601 clamp to 0.
    package static func fileTime(from date: Date) -> UInt64 {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else { return 0 }
        let seconds = interval.rounded(.down)
        guard let wholeSeconds = Int64(exactly: seconds) else { return 0 }
        let fraction = Int64(((interval - seconds) * Double(ticksPerSecond)).rounded())
        let (since1601, addOverflow) = wholeSeconds.addingReportingOverflow(unixEpochOffset)
        let (wholeTicks, multiplyOverflow) = since1601.multipliedReportingOverflow(by: ticksPerSecond)
        guard !addOverflow, !multiplyOverflow, wholeTicks >= 0 else { return 0 }
        // wholeTicks is a multiple of 10^7 below Int64.max and fraction is at most 10^7: no overflow.
        return UInt64(wholeTicks) + UInt64(max(0, fraction))
    }
}
