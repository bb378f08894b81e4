import Domain
import Foundation
import SQLiteStore
import Testing
@testable import Webhooks

/// The pure parts: Standard Webhooks signatures, the secret's form, the retry schedule and Retry-After.
@Suite struct SignatureAndScheduleTests {
    /// The example of the Standard Webhooks reference libraries (their test suites sign exactly this).
    @Test func theSignatureMatchesTheReferenceExample() throws {
        let secret = try #require(WebhookSecret(text: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Data(#"{"test": 2432232314}"#.utf8)
        let headers = WebhookSignature.headers(id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                               timestamp: Date(timeIntervalSince1970: 1_614_265_330), body: body,
                                               secret: secret)
        #expect(headers.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[1].1 == "1614265330")
        #expect(headers[2].1 == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", body: body,
                                        signatures: "v1,bogus= " + headers[2].1, secret: secret))
        #expect(!WebhookSignature.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265331", body: body,
                                         signatures: headers[2].1, secret: secret))
    }

    @Test func aSecretIsWhsecAndBase64() throws {
        let secret = WebhookSecret.generate()
        #expect(secret.text.hasPrefix("whsec_") && secret.key.count == 24)
        #expect(WebhookSecret(text: secret.text) == secret)
        #expect(WebhookSecret.generate() != secret)
        #expect(WebhookSecret(text: "whsec_!!") == nil)
    }

    @Test func theBackOffGrowsWithJitterUpToItsMaximum() {
        let schedule = WebhookRetrySchedule()
        #expect(schedule.delay(afterFailures: 1, retryAfter: nil, random: 1) == .seconds(1))
        #expect(schedule.delay(afterFailures: 4, retryAfter: nil, random: 1) == .seconds(8))
        #expect(schedule.delay(afterFailures: 4, retryAfter: nil, random: 0.5) == .seconds(4))
        #expect(schedule.delay(afterFailures: 40, retryAfter: nil, random: 1) == .seconds(3_600))
        #expect(schedule.delay(afterFailures: 1, retryAfter: .seconds(120), random: 1) == .seconds(120))
        #expect(schedule.delay(afterFailures: 1, retryAfter: .seconds(999_999), random: 1) == .seconds(86_400))
        let jittered = (0..<50).map { _ in schedule.delay(afterFailures: 6, retryAfter: nil) }
        #expect(jittered.allSatisfy { $0 >= .seconds(16) && $0 <= .seconds(32) } && Set(jittered).count > 1)
        // At least 24 hours of attempts before giving up.
        let start = Date(timeIntervalSince1970: 0)
        #expect(!schedule.isExhausted(failingSince: start, now: start.addingTimeInterval(86_399)))
        #expect(schedule.isExhausted(failingSince: start, now: start.addingTimeInterval(86_400)))
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(RetryAfter.duration("30", now: now) == .seconds(30))
        #expect(RetryAfter.duration("Tue, 14 Nov 2023 22:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.duration("Tuesday, 14-Nov-23 22:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.duration("Tue Nov 14 22:14:20 2023", now: now) == .seconds(60))
        #expect(RetryAfter.duration("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.duration("soon", now: now) == nil)
        #expect(RetryAfter.duration("-5", now: now) == nil)
        #expect(RetryAfter.duration(nil, now: now) == nil)
    }
}
