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
