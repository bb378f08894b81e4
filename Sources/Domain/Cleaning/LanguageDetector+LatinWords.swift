/// How the detector reads Latin-script text: words as packed ASCII keys where it can, a fixed hash table of the
/// stop words, and the reader that scores each language over a text's first characters.
extension LanguageDetector {
    /// Each language's score (stop words and distinctive letters, by index into ``LanguageStopWords/all``) and the
    /// number of words, over the first ``scalarLimit`` characters of `text` (see ``LatinWordReader``).
    static func latinScores(_ text: String) -> (scores: [Int], wordCount: Int) {
        var reader = LatinWordReader(languageCount: LanguageStopWords.all.count)
        UTF8Text.withBytes(text) { reader.read($0) }
        return (reader.scores, reader.wordCount)
    }

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

    /// Up to twelve lower-case ASCII letters packed five bits each (a = 1), so that equal words have equal keys.
    struct ASCIIWord {
        static let capacity = 12
        var value: UInt64 = 0
        var count = 0

        mutating func append(_ letter: UInt8) {
            count += 1
            if count <= Self.capacity { value = value << 5 | UInt64(letter - 0x60) }
        }
    }
}

/// Splits text into lower-cased words and counts, per language, the words that are among its stop words and
/// the letters only it uses (see ``LanguageDetector``).
struct LatinWordReader {
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
