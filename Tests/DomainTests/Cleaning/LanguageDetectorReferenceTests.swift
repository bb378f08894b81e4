import Foundation
import Testing
@testable import Domain

/// `LanguageDetector` reads UTF-8 bytes and packs ASCII words into integer keys. These check the two parts that do
/// it, the script counts and the Latin scores, against the loops they replaced (kept below as
/// `ReferenceLanguageDetector`, which iterated `unicodeScalars` and looked every word up as a `String`), on generated
/// text full of what breaks byte shortcuts and on the corpora. What `detect` makes of them is shared code.
struct LanguageDetectorReferenceTests {
    private static let pieces = [
        " ", "  ", "\r\n", "\n", "\r", "\t", ".", ",", "'", "-", "1", "the", "The", "THE", "and", "und", "der", "für",
        "Für", "FÜR", "straße", "STRASSE", "et", "le", "merci", "qu", "não", "você", "está", "och", "jag", "af", "mig",
        "hvad", "też", "się", "že", "ve", "için", "bir", "și", "és", "nem", "ñ", "ł", "ő", "ı", "İ", "\u{212A}",
        "e\u{301}", "\u{301}", "\u{308}", "naïve", "buongiorno", "pozdrawiam", "internationalization",
        "Donaudampfschifffahrt", "abcdefghijklm", "abcdefghijkl", "東京", "お世話", "안녕", "привет", "ї", "ы",
        "ъ", "ј", "Ελλάδα", "שלום", "مرحبا", "پ", "ٹ", "ไทย", "नमस्ते", "🧾", "\u{200B}", "\u{FEFF}", "\u{A0}",
        "\u{1F1E9}\u{1F1EA}", "ǅ", "ﬁ", "Ⅻ",
    ]

    private static func text(seed: UInt64) -> String {
        var generator = CleaningPropertyTests.SeededGenerator(state: seed)
        let count = Int.random(in: 0...(seed % 10 == 0 ? 1_200 : 80), using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test(arguments: 0..<1_000)
    func agreesWithTheReferenceOnGeneratedText(seed: UInt64) {
        let text = Self.text(seed: seed)
        #expect(ReferenceLanguageDetector.newParts(text) == ReferenceLanguageDetector.parts(text),
                "\(text.debugDescription)")
    }

    /// Texts long enough to cross the 2,000-character limit in the middle of a word, with non-ASCII near it.
    @Test(arguments: ["a", "é", "\u{301}", "ß", "\r\n", "東"])
    func agreesAtTheLimit(_ around: String) {
        for prefixLength in 1_990...2_005 {
            let text = String(repeating: "x", count: prefixLength) + around + " the and der und " + around + "the"
            let words = String(repeating: "the und ", count: prefixLength / 8) + around + "der"
            #expect(ReferenceLanguageDetector.newParts(text) == ReferenceLanguageDetector.parts(text))
            #expect(ReferenceLanguageDetector.newParts(words) == ReferenceLanguageDetector.parts(words))
        }
    }

    static let corpus = ProcessInfo.processInfo.environment["MAILSTREAM_CORPORA"].map { URL(fileURLWithPath: $0) }

    @Test(.enabled(if: corpus != nil, "MAILSTREAM_CORPORA not set: scripts/test sets it"))
    func agreesWithTheReferenceOnTheCorpora() throws {
        let root = try #require(Self.corpus)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath } ?? []
        #expect(files.count > 2_000)
        for file in files {
            guard let raw = try? Array(Data(contentsOf: file)) else { continue }
            let body = EmailToComment.convert(raw).comment.messages.first?.body.text ?? ""
            for text in [body, String(decoding: raw, as: UTF8.self)] {
                #expect(ReferenceLanguageDetector.newParts(text) == ReferenceLanguageDetector.parts(text),
                        "\(file.lastPathComponent)")
            }
        }
    }
}

/// The loops `LanguageDetector` used before it read bytes, unchanged but for returning what they counted.
enum ReferenceLanguageDetector {
    struct Parts: Equatable {
        var scripts: [Int]
        var scores: [Int]
        var wordCount: Int
    }

    static func newParts(_ text: String) -> Parts {
        let latin = LanguageDetector.latinScores(text)
        return Parts(scripts: LanguageDetector.scriptCounts(text), scores: latin.scores, wordCount: latin.wordCount)
    }

    static func parts(_ text: String) -> Parts {
        let latin = latinScores(text)
        return Parts(scripts: scriptCounts(text), scores: latin.scores, wordCount: latin.wordCount)
    }

    static func scriptCounts(_ text: String) -> [Int] {
        var counts = [Int](repeating: 0, count: WritingScript.allCases.count)
        for scalar in text.unicodeScalars.prefix(LanguageDetector.scalarLimit) {
            if scalar.isASCII {
                guard (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A else { continue }
                counts[WritingScript.latin.rawValue] += 1
            } else if scalar.properties.isAlphabetic {
                counts[WritingScript(scalar).rawValue] += 1
            }
        }
        return counts
    }

    static func latinScores(_ text: String) -> (scores: [Int], wordCount: Int) {
        var scores = [Int](repeating: 0, count: LanguageStopWords.all.count)
        var wordCount = 0
        var word = ""
        var characters = 0
        var previous: Unicode.Scalar = " "
        func endWord() {
            guard !word.isEmpty else { return }
            wordCount += 1
            for language in LanguageDetector.languagesByWord[word] ?? [] { scores[language] += 1 }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar.isASCII {
                if !(scalar == "\n" && previous == "\r") { characters += 1 }
                if characters > LanguageDetector.scalarLimit { break }
                let value = scalar.value | 0x20
                if value >= 0x61 && value <= 0x7A {
                    word.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
                } else {
                    endWord()
                }
                continue
            }
            let properties = scalar.properties
            let extendsCharacter = properties.isGraphemeExtend
            if !extendsCharacter { characters += 1 }
            if characters > LanguageDetector.scalarLimit { break }
            let lowered = properties.changesWhenLowercased ? properties.lowercaseMapping : nil
            if let lowered {
                for lowerScalar in lowered.unicodeScalars {
                    if let language = LanguageDetector.languageByLetter[lowerScalar] { scores[language] += 1 }
                }
            } else if let language = LanguageDetector.languageByLetter[scalar] {
                scores[language] += 1
            }
            if properties.isAlphabetic || (extendsCharacter && !word.isEmpty) {
                if let lowered { word += lowered } else { word.unicodeScalars.append(scalar) }
            } else {
                endWord()
            }
        }
        endWord()
        return (scores, wordCount)
    }
}
