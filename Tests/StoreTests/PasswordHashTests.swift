import Foundation
@testable import Store
import Testing

/// Passwords are kept as salted scrypt with their parameters, checked in constant time, never shown.
@Suite struct PasswordHashTests {
    static let cheap = PasswordHash.Parameters(logN: 10, blockSize: 8, parallelism: 1)

    @Test func aHashVerifiesItsPasswordOnlyAndCarriesItsParametersAndSalt() throws {
        let hash = try PasswordHash.make("correct horse", parameters: Self.cheap)
        #expect(hash.verify("correct horse"))
        #expect(!hash.verify("correct horsE"))
        #expect(!hash.verify(""))
        let stored = hash.encoded
        #expect(stored.hasPrefix("$scrypt$ln=10,r=8,p=1$"), "\(stored)")
        #expect(!stored.contains("correct"))
        let read = try #require(PasswordHash(stored))
        #expect(read == hash && read.verify("correct horse"))
        // A fresh salt each time: the same password hashes differently.
        let again = try PasswordHash.make("correct horse", parameters: Self.cheap)
        #expect(again.encoded != stored && again.verify("correct horse"))
        #expect("\(hash)" == "scrypt password hash [redacted]")
        #expect(String(reflecting: hash).contains(PasswordHash.encode(hash.hash)) == false)
    }

    @Test func theDefaultIsOWASPsMinimumForScrypt() throws {
        #expect(PasswordHash.Parameters.default == .init(logN: 17, blockSize: 8, parallelism: 1))
        let started = ContinuousClock.now
        let hash = try PasswordHash.make("a long passphrase")
        let elapsed = ContinuousClock.now - started
        #expect(hash.encoded.hasPrefix("$scrypt$ln=17,r=8,p=1$"))
        #expect(elapsed > .milliseconds(20), "scrypt at N=2^17 should cost real time, took \(elapsed)")
    }

    @Test func weakerStoredParametersAskForARehash() throws {
        let hash = try PasswordHash.make("pw", parameters: Self.cheap)
        #expect(hash.needsRehash(current: .default))
        #expect(!hash.needsRehash(current: Self.cheap))
    }

    @Test(arguments: [
        "", "plain", "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHQ", "$bcrypt$ln=10,r=8,p=1$c2FsdHNhbHQ$AAAA",
        "$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
        "$scrypt$ln=10,r=8$c2FsdHNhbHRzYWx0$" + String(repeating: "A", count: 43),
        "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0$QUFB",
    ])
    func aDamagedOrHostileStoredHashIsRefused(_ stored: String) {
        #expect(PasswordHash(stored) == nil)
    }

    @Test func comparisonLooksAtEveryByte() {
        #expect(PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHash.constantTimeEqual([0, 2, 3], [1, 2, 3]))
        #expect(!PasswordHash.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
