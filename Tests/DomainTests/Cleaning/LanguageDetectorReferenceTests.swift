import Foundation
import Testing
@testable import Domain

/// `LanguageDetector` reads UTF-8 bytes and packs ASCII words into integer keys. These check it against the
/// detector as it was before that (kept below as `ReferenceLanguageDetector`, which iterated `unicodeScalars` and
/// looked every word up as a `String`) on generated text full of what breaks byte shortcuts, and on the corpora.
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
        #expect(LanguageDetector.detect(text) == ReferenceLanguageDetector.detect(text), "\(text.debugDescription)")
    }

    /// Texts long enough to cross the 2,000-character limit in the middle of a word, with non-ASCII near it.
    @Test(arguments: ["a", "é", "\u{301}", "ß", "\r\n", "東"])
    func agreesAtTheLimit(_ around: String) {
        for prefixLength in 1_990...2_005 {
            let text = String(repeating: "x", count: prefixLength) + around + " the and der und " + around + "the"
            let words = String(repeating: "the und ", count: prefixLength / 8) + around + "der"
            #expect(LanguageDetector.detect(text) == ReferenceLanguageDetector.detect(text))
            #expect(LanguageDetector.detect(words) == ReferenceLanguageDetector.detect(words))
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
                #expect(LanguageDetector.detect(text) == ReferenceLanguageDetector.detect(text),
                        "\(file.lastPathComponent)")
            }
        }
    }
}

/// `LanguageDetector` before it read bytes, unchanged.
enum ReferenceLanguageDetector {
    /// Fewer letters than this in alphabetic scripts are too little to go on.
    private static let minimumLetters = 20
    /// Han, kana and Hangul carry more per character, so fewer are enough.
    private static let minimumIdeographs = 10
    /// Only the start of long texts is read; more words do not change the answer.
    /// A few paragraphs tell the language as well as a whole thread would, at a fraction of the cost.
    private static let scalarLimit = 2_000

    /// The ISO 639-1 code of the language of `text`, or nil when the text is too short or the guess unsure.
    static func detect(_ text: String) -> String? {
        var counts = [Int](repeating: 0, count: ReferenceWritingScript.allCases.count)
        var letters = 0
        for scalar in text.unicodeScalars.prefix(scalarLimit) {
            if scalar.isASCII {
                // The only alphabetic ASCII scalars are the letters, all Latin.
                guard (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A else { continue }
                letters += 1
                counts[ReferenceWritingScript.latin.rawValue] += 1
            } else if scalar.properties.isAlphabetic {
                letters += 1
                counts[ReferenceWritingScript(scalar).rawValue] += 1
            }
        }
        let kana = counts[ReferenceWritingScript.kana.rawValue]
        let ideographs = counts[ReferenceWritingScript.han.rawValue] + kana
        // Kanji and kana are one writing system for this purpose, and a CJK character carries about as much
        // as a short Latin word, so it weighs more when a Japanese mail names "John Smith" or "Contoso Ltd.".
        var weights = counts
        weights[ReferenceWritingScript.kana.rawValue] = 0
        weights[ReferenceWritingScript.han.rawValue] = ideographs * 3
        weights[ReferenceWritingScript.hangul.rawValue] *= 3
        // The heaviest script; a tie goes to the one listed last.
        guard let heaviest = weights.indices.filter({ weights[$0] > 0 }).max(by: { (weights[$0], $0) < (weights[$1], $1) }),
              let script = ReferenceWritingScript(rawValue: heaviest)
        else { return nil }
        switch script {
        case .han, .kana:
            guard ideographs >= minimumIdeographs else { return nil }
            // Japanese mixes kanji and kana; a few kana in Chinese text are quotations or emoticons.
            return kana * 20 >= ideographs ? "ja" : "zh"
        case .hangul:
            return counts[ReferenceWritingScript.hangul.rawValue] >= minimumIdeographs ? "ko" : nil
        default:
            break
        }
        guard letters >= minimumLetters else { return nil }
        switch script {
        case .latin: return latinLanguage(text)
        case .cyrillic: return cyrillicLanguage(text)
        case .greek: return "el"
        case .hebrew: return "he"
        case .arabic: return arabicLanguage(text)
        case .thai: return "th"
        case .devanagari: return "hi"
        case .han, .kana, .hangul, .other: return nil
        }
    }

    private static func cyrillicLanguage(_ text: String) -> String? {
        var ukrainian = 0, russian = 0, hardSigns = 0, serbianOrMacedonian = 0
        for scalar in text.unicodeScalars.prefix(scalarLimit) {
            switch scalar {
            case "і", "ї", "є", "ґ", "І", "Ї", "Є", "Ґ": ukrainian += 1
            case "ы", "э", "Ы", "Э": russian += 1
            case "ъ", "Ъ": hardSigns += 1
            case "ј", "љ", "њ", "ћ", "ђ", "џ", "ѓ", "ќ", "ѕ", "Ј", "Љ", "Њ", "Ћ", "Ђ", "Џ", "Ѓ", "Ќ", "Ѕ":
                serbianOrMacedonian += 1
            default: break
            }
        }
        // Serbian and Macedonian are not told apart here; saying "ru" for them would be wrong.
        if serbianOrMacedonian > 0 { return nil }
        if ukrainian > russian { return "uk" }
        if russian == 0 && hardSigns > 0 { return "bg" }
        return "ru"
    }

    private static func arabicLanguage(_ text: String) -> String {
        var persian = 0, urdu = 0
        for scalar in text.unicodeScalars.prefix(scalarLimit) {
            switch scalar.value {
            case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06CC: persian += 1  // پ چ ژ گ ی, also used in Urdu
            case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06BE, 0x06C1, 0x06D2: urdu += 1  // ٹ ڈ ڑ ں ھ ہ ے
            default: break
            }
        }
        if urdu > 0 && urdu * 4 >= persian { return "ur" }
        return persian > 0 ? "fa" : "ar"
    }

    /// The language whose frequent words cover most of the text, if it clearly beats the rest.
    /// Each stop word and the languages (indices into ``LanguageStopWords/all``) that use it, so a text's words
    /// are looked up once each.
    private static let languagesByWord: [String: [Int]] = {
        var index: [String: [Int]] = [:]
        for (language, (_, stopWords)) in LanguageStopWords.all.enumerated() {
            for word in stopWords { index[word, default: []].append(language) }
        }
        return index
    }()

    /// ``LanguageStopWords/distinctiveLetters`` by scalar, with the index of their language.
    private static let languageByLetter: [Unicode.Scalar: Int] = {
        var index: [Unicode.Scalar: Int] = [:]
        for (letter, language) in LanguageStopWords.distinctiveLetters {
            guard let scalar = letter.unicodeScalars.first,
                  let position = LanguageStopWords.all.firstIndex(where: { $0.language == language }) else { continue }
            index[scalar] = position
        }
        return index
    }()

    /// Reads the first ``scalarLimit`` characters lower-cased, as words: runs of letters (with the combining
    /// marks that follow them). Works on scalars rather than `Character`s, which costs grapheme breaking.
    private static func latinLanguage(_ text: String) -> String? {
        let languageCount = LanguageStopWords.all.count
        var scores = [Int](repeating: 0, count: languageCount)
        var wordCount = 0
        var word = ""
        var characters = 0
        var previous: Unicode.Scalar = " "
        func endWord() {
            guard !word.isEmpty else { return }
            wordCount += 1
            for language in languagesByWord[word] ?? [] { scores[language] += 1 }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar.isASCII {
                // CR LF is one character.
                if !(scalar == "\n" && previous == "\r") { characters += 1 }
                if characters > scalarLimit { break }
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
            if characters > scalarLimit { break }
            let lowered = properties.changesWhenLowercased ? properties.lowercaseMapping : nil
            if let lowered {
                for lowerScalar in lowered.unicodeScalars {
                    if let language = languageByLetter[lowerScalar] { scores[language] += 1 }
                }
            } else if let language = languageByLetter[scalar] {
                scores[language] += 1
            }
            if properties.isAlphabetic || (extendsCharacter && !word.isEmpty) {
                if let lowered { word += lowered } else { word.unicodeScalars.append(scalar) }
            } else {
                endWord()
            }
        }
        endWord()
        guard wordCount > 0 else { return nil }
        var best: (language: Int, score: Int)?
        var runnerUp = 0
        for (language, score) in scores.enumerated() {
            if score > best?.score ?? 0 {
                runnerUp = best?.score ?? 0
                best = (language, score)
            } else if score > runnerUp {
                runnerUp = score
            }
        }
        guard let best, best.score >= 2, best.score * 10 >= wordCount, best.score > runnerUp else { return nil }
        return LanguageStopWords.all[best.language].language
    }
}

/// The writing systems the detector tells apart, by Unicode block.
private enum ReferenceWritingScript: Int, CaseIterable {
    case latin, cyrillic, greek, hebrew, arabic, thai, devanagari, han, kana, hangul, other

    init(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: self = .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
        case 0x400...0x52F: self = .cyrillic
        case 0x590...0x5FF, 0xFB1D...0xFB4F: self = .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
        case 0x900...0x97F: self = .devanagari
        case 0xE00...0xE7F: self = .thai
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: self = .hangul
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: self = .kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF: self = .han
        default: self = .other
        }
    }
}
