/// Guesses the language of a message body, deterministically and without models.
///
/// Scripts that belong to one language, or nearly so, decide directly: Han without kana is Chinese, kana is
/// Japanese, Hangul Korean, Greek, Hebrew, Thai, Devanagari (Hindi) and Arabic (Persian and Urdu told apart by
/// their extra letters). Cyrillic is Ukrainian with і, ї, є or ґ, Bulgarian with ъ but no ы or э, otherwise
/// Russian. Latin text is scored by how many of its words are among the most frequent words of each of
/// sixteen languages (see ``LanguageStopWords``).
public enum LanguageDetector {
    /// Fewer letters than this in alphabetic scripts are too little to go on.
    private static let minimumLetters = 20
    /// Han, kana and Hangul carry more per character, so fewer are enough.
    private static let minimumIdeographs = 10
    /// Only the start of long texts is read; more words do not change the answer.
    /// A few paragraphs tell the language as well as a whole thread would, at a fraction of the cost.
    static let scalarLimit = 2_000

    /// How many alphabetic scalars of each ``WritingScript`` the first ``scalarLimit`` scalars of `text` have.
    /// Counted over UTF-8 bytes: an ASCII byte is a scalar of its own, and only the other scalars are decoded.
    static func scriptCounts(_ text: String) -> [Int] {
        var counts = [Int](repeating: 0, count: WritingScript.allCases.count)
        var latin = 0
        UTF8Text.withBytes(text) { bytes in
            var index = 0
            var scalars = 0
            while index < bytes.count && scalars < scalarLimit {
                scalars += 1
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    // The only alphabetic ASCII scalars are the letters, all Latin.
                    if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { latin += 1 }
                    continue
                }
                let scalar = UTF8Text.scalar(in: bytes, at: &index)
                if scalar.properties.isAlphabetic { counts[WritingScript(scalar).rawValue] += 1 }
            }
        }
        counts[WritingScript.latin.rawValue] += latin
        return counts
    }

    /// The ISO 639-1 code of the language of `text`, or nil when the text is too short or the guess unsure.
    public static func detect(_ text: String) -> String? {
        let counts = scriptCounts(text)
        // Every alphabetic scalar counts for exactly one script.
        let letters = counts.reduce(0, +)
        let kana = counts[WritingScript.kana.rawValue]
        let ideographs = counts[WritingScript.han.rawValue] + kana
        // Kanji and kana are one writing system for this purpose, and a CJK character carries about as much
        // as a short Latin word, so it weighs more when a Japanese mail names "John Smith" or "Contoso Ltd.".
        var weights = counts
        weights[WritingScript.kana.rawValue] = 0
        weights[WritingScript.han.rawValue] = ideographs * 3
        weights[WritingScript.hangul.rawValue] *= 3
        // The heaviest script; a tie goes to the one listed last.
        guard let heaviest = weights.indices.filter({ weights[$0] > 0 }).max(by: { (weights[$0], $0) < (weights[$1], $1) }),
              let script = WritingScript(rawValue: heaviest)
        else { return nil }
        switch script {
        case .han, .kana:
            guard ideographs >= minimumIdeographs else { return nil }
            // Japanese mixes kanji and kana; a few kana in Chinese text are quotations or emoticons.
            return kana * 20 >= ideographs ? "ja" : "zh"
        case .hangul:
            return counts[WritingScript.hangul.rawValue] >= minimumIdeographs ? "ko" : nil
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
    static let languagesByWord: [String: [Int]] = {
        var index: [String: [Int]] = [:]
        for (language, (_, stopWords)) in LanguageStopWords.all.enumerated() {
            for word in stopWords { index[word, default: []].append(language) }
        }
        return index
    }()

    /// The stop words made of at most ``ASCIIWord/capacity`` ASCII lower-case letters, by ``ASCIIWord`` key,
    /// with their languages as bits. Most words of most mail are such words, and this spares them a `String`.
    static let languagesByASCIIWord: PackedWordTable = {
        var index: [UInt64: UInt32] = [:]
        for (word, languages) in languagesByWord {
            var key = ASCIIWord()
            guard word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }), word.utf8.count <= ASCIIWord.capacity
            else { continue }
            for byte in word.utf8 { key.append(byte) }
            index[key.value] = languages.reduce(0) { $0 | 1 << UInt32($1) }
        }
        return PackedWordTable(index)
    }()

    /// A fixed hash table from ``ASCIIWord`` keys to language bits, looked up for every word of a mail's first
    /// characters: a multiplicative hash and linear probing cost a fraction of `Dictionary`'s seeded SipHash.
    struct PackedWordTable {
        private var keys: [UInt64]
        private var values: [UInt32]
        private let shift: UInt64

        /// Keys must not be 0 (a word has at least one letter, and a letter packs as 1 to 26).
        init(_ entries: [UInt64: UInt32]) {
            // At most a quarter full, so a probe rarely goes past its first slot.
            var bits = 4
            while 1 << bits < entries.count * 4 { bits += 1 }
            keys = [UInt64](repeating: 0, count: 1 << bits)
            values = [UInt32](repeating: 0, count: 1 << bits)
            shift = UInt64(64 - bits)
            for (key, value) in entries {
                precondition(key != 0)
                var slot = slot(of: key)
                while keys[slot] != 0 { slot = (slot + 1) & (keys.count - 1) }
                keys[slot] = key
                values[slot] = value
            }
        }

        private func slot(of key: UInt64) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        }

        /// The language bits of `key`; 0 when it is no stop word.
        subscript(key: UInt64) -> UInt32 {
            var slot = slot(of: key)
            while true {
                let found = keys[slot]
                if found == key { return values[slot] }
                if found == 0 { return 0 }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
    }

    /// ``LanguageStopWords/distinctiveLetters`` by scalar, with the index of their language.
    static let languageByLetter: [Unicode.Scalar: Int] = {
        var index: [Unicode.Scalar: Int] = [:]
        for (letter, language) in LanguageStopWords.distinctiveLetters {
            guard let scalar = letter.unicodeScalars.first,
                  let position = LanguageStopWords.all.firstIndex(where: { $0.language == language }) else { continue }
            index[scalar] = position
        }
        return index
    }()

    /// Up to twelve lower-case ASCII letters packed five bits each (a = 1), so that equal words have equal keys.
    fileprivate struct ASCIIWord {
        static let capacity = 12
        var value: UInt64 = 0
        var count = 0

        mutating func append(_ letter: UInt8) {
            count += 1
            if count <= Self.capacity { value = value << 5 | UInt64(letter - 0x60) }
        }
    }

    /// Each language's score (stop words and distinctive letters, by index into ``LanguageStopWords/all``) and the
    /// number of words, over the first ``scalarLimit`` characters of `text` (see ``LatinWordReader``).
    static func latinScores(_ text: String) -> (scores: [Int], wordCount: Int) {
        var reader = LatinWordReader(languageCount: LanguageStopWords.all.count)
        UTF8Text.withBytes(text) { reader.read($0) }
        return (reader.scores, reader.wordCount)
    }

    /// Reads the first ``scalarLimit`` characters lower-cased, as words: runs of letters (with the combining
    /// marks that follow them). Works on UTF-8 bytes rather than `Character`s, which cost grapheme breaking; a
    /// word of ASCII letters is looked up by its packed key, any other by its `String`.
    private static func latinLanguage(_ text: String) -> String? {
        let (scores, wordCount) = latinScores(text)
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

/// Splits text into lower-cased words and counts, per language, the words that are among its stop words and
/// the letters only it uses (see ``LanguageDetector``).
private struct LatinWordReader {
    private(set) var scores: [Int]
    private(set) var wordCount = 0
    /// Where the word being read starts, or nil between words.
    private var wordStart: Int?
    /// The word's key while it has only ASCII letters.
    private var ascii = LanguageDetector.ASCIIWord()
    /// The word as lower-cased UTF-8, kept only once it has a non-ASCII scalar.
    private var word: [UInt8] = []
    private var onlyASCII = true

    init(languageCount: Int) {
        scores = [Int](repeating: 0, count: languageCount)
        word.reserveCapacity(64)
    }

    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) {
        let asciiWords = LanguageDetector.languagesByASCIIWord
        let letters = LanguageDetector.languageByLetter
        var characters = 0
        var previous: UInt8 = 0x20
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                // CR LF is one character.
                if !(byte == 0x0A && previous == 0x0D) { characters += 1 }
                previous = byte
                if characters > LanguageDetector.scalarLimit { break }
                let lower = byte | 0x20
                if lower >= 0x61 && lower <= 0x7A {
                    if wordStart == nil { wordStart = index }
                    if onlyASCII { ascii.append(lower) } else { word.append(lower) }
                } else {
                    endWord(bytes, at: index, asciiWords)
                }
                index += 1
                continue
            }
            previous = byte
            let start = index
            let scalar = UTF8Text.scalar(in: bytes, at: &index)
            let properties = scalar.properties
            let extendsCharacter = properties.isGraphemeExtend
            if !extendsCharacter { characters += 1 }
            if characters > LanguageDetector.scalarLimit {
                index = start
                break
            }
            let lowered = properties.changesWhenLowercased ? properties.lowercaseMapping : nil
            if let lowered {
                for lowerScalar in lowered.unicodeScalars {
                    if let language = letters[lowerScalar] { scores[language] += 1 }
                }
            } else if let language = letters[scalar] {
                scores[language] += 1
            }
            if properties.isAlphabetic || (extendsCharacter && wordStart != nil) {
                if onlyASCII {
                    // The word so far is ASCII letters: keep it as bytes from here on.
                    onlyASCII = false
                    word.removeAll(keepingCapacity: true)
                    for position in (wordStart ?? start)..<start { word.append(bytes[position] | 0x20) }
                }
                if wordStart == nil { wordStart = start }
                if let lowered {
                    word.append(contentsOf: lowered.utf8)
                } else {
                    UTF8.encode(scalar) { word.append($0) }
                }
            } else {
                endWord(bytes, at: start, asciiWords)
            }
        }
        endWord(bytes, at: index, asciiWords)
    }

    private mutating func endWord(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int,
                                  _ asciiWords: LanguageDetector.PackedWordTable) {
        guard wordStart != nil else { return }
        wordCount += 1
        if onlyASCII && ascii.count <= LanguageDetector.ASCIIWord.capacity {
            var languages = asciiWords[ascii.value]
            while languages != 0 {
                scores[languages.trailingZeroBitCount] += 1
                languages &= languages - 1
            }
        } else {
            // A word of ASCII letters too long for a key: its bytes are still those of the text, lower-cased.
            let text = onlyASCII
                ? String(decoding: bytes[(wordStart ?? end)..<end].lazy.map { $0 | 0x20 }, as: UTF8.self)
                : String(decoding: word, as: UTF8.self)
            for language in LanguageDetector.languagesByWord[text] ?? [] { scores[language] += 1 }
        }
        wordStart = nil
        ascii = LanguageDetector.ASCIIWord()
        onlyASCII = true
    }

}

/// The writing systems the detector tells apart, by Unicode block.
enum WritingScript: Int, CaseIterable {
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
