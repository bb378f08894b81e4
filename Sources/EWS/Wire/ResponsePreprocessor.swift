import Foundation

/// Prepares an EWS response for XMLParser in one pass over its bytes:
/// - removes character references to code points outside XML 1.0's `Char` production (`&#x1;`, `&#1;`,
///   `&#xFFFE;`, …) and raw C0 control bytes other than tab, LF and CR: Exchange sends them (exchangelib #1200,
///   ews-java-api #156) and XMLParser stops at them (`NSXMLParserErrorDomain` 9), so one bad subject would
///   otherwise fail a whole sync page;
/// - replaces byte sequences that are not UTF-8 with U+FFFD and removes encoded U+FFFE/U+FFFF: FoundationXML
///   crashes the process on a non-UTF-8 element name and fails the document on non-UTF-8 text;
/// - decodes the base64 content of `MimeContent` and `Content` elements into ``Result/blobs`` and leaves the
///   element empty with an `ewsBlob="N"` attribute: libxml2, under FoundationXML, refuses text nodes over
///   10,000,000 bytes (`XML_MAX_TEXT_LENGTH` without `XML_PARSE_HUGE`), about 7 MB of MIME, and the bytes never
///   pass through XMLParser's strings. Content that is not plain base64 is left for the parser.
///
/// Afterwards it reports, on the output so that no removal can assemble one, a `<!DOCTYPE` (entity expansion)
/// and processing instructions other than the leading XML declaration (FoundationXML dereferences a null
/// pointer on one without data, such as `<?x?>` or `<?xml?>`).
///
/// UTF-8 never uses bytes below 0x80 inside a multi-byte sequence, so the ASCII patterns cannot match inside
/// other characters. CDATA sections keep their references, which are not references there. References that are
/// not well-formed (no digits, no `;`) are left for the parser to reject.
enum ResponsePreprocessor {
    struct Result {
        var data: Data
        /// The decoded base64 contents, indexed by the `ewsBlob` attribute.
        var blobs: [[UInt8]]
        /// How many references, bytes or sequences were removed or replaced.
        var removed: Int
        /// Whether a `<!DOCTYPE` appears outside comments and CDATA.
        var hasDocumentTypeDeclaration = false
        /// Whether a processing instruction other than a leading `<?xml …?>` declaration appears outside comments
        /// and CDATA.
        var hasProcessingInstruction = false
    }

    /// The attribute that marks an element whose content was moved to ``Result/blobs``.
    static let blobAttribute = "ewsBlob"

    static func run(_ bytes: [UInt8]) -> Result {
        var result = bytes.withUnsafeBufferPointer { input in
            var scan = PreprocessorScan(input: input)
            scan.run()
            guard var output = scan.output else { return Result(data: Data(input), blobs: [], removed: 0) }
            output.append(UnsafeBufferPointer(rebasing: input[scan.runStart...]))
            return Result(data: output, blobs: scan.blobs, removed: scan.removed)
        }
        result.data.withUnsafeBytes { buffer in
            let markup = MarkupCheck(input: buffer.bindMemory(to: UInt8.self))
            result.hasDocumentTypeDeclaration = markup.hasDoctype
            result.hasProcessingInstruction = markup.hasProcessingInstruction
        }
        return result
    }
}

/// The scanning state of ``ResponsePreprocessor``.
struct PreprocessorScan {
    let input: UnsafeBufferPointer<UInt8>
    /// Created at the first change, so clean input is copied once, at the end.
    var output: Data?
    /// Start of the bytes not yet copied to `output`.
    var runStart = 0
    var removed = 0
    var blobs: [[UInt8]] = []

    init(input: UnsafeBufferPointer<UInt8>) { self.input = input }

    mutating func run() {
        var index = 0
        var inCDATA = false
        while index < input.count {
            let byte = input[index]
            if byte >= 0x80 {
                index = checkUTF8(at: index)
            } else if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                replace(index..<index + 1)
                index += 1
            } else if inCDATA {
                if byte == UInt8(ascii: "]"), hasPrefix("]]>", at: index) {
                    inCDATA = false
                    index += 3
                } else {
                    index += 1
                }
            } else if byte == UInt8(ascii: "&"), let reference = reference(at: index) {
                if !XMLCharacter.isAllowed(reference.codePoint) { replace(index..<reference.end) }
                index = reference.end
            } else if byte == UInt8(ascii: "<") {
                if hasPrefix("<![CDATA[", at: index) {
                    inCDATA = true
                    index += 9
                } else {
                    index = extractBase64(at: index) ?? index + 1
                }
            } else {
                index += 1
            }
        }
    }

    /// Copies the bytes before `range`, then `replacement` instead of the range.
    mutating func replace(_ range: Range<Int>, with replacement: [UInt8] = [], counted: Bool = true) {
        if output == nil { output = Data() }
        output?.append(UnsafeBufferPointer(rebasing: input[runStart..<range.lowerBound]))
        output?.append(contentsOf: replacement)
        runStart = range.upperBound
        if counted { removed += 1 }
    }

    func hasPrefix(_ pattern: StaticString, at index: Int) -> Bool {
        pattern.withUTF8Buffer { pattern in
            guard index + pattern.count <= input.count else { return false }
            for offset in 0..<pattern.count where input[index + offset] != pattern[offset] { return false }
            return true
        }
    }
}
