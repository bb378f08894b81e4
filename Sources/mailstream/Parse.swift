import ArgumentParser
import Domain
import Foundation
import MIME

/// `mailstream parse <file.eml | ->`: shows what an email becomes, without storing anything.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show the comment an email becomes (or its parsed structure), with the parser's warnings."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case comment
        case rawEmail = "raw-email"
    }

    @Argument(help: "An RFC 5322 message file (.eml), or - for standard input.")
    var file: String

    @Option(help: "What to print: comment (the API's comment JSON) or raw-email (headers and MIME parts).")
    var format: Format = .comment

    func run() throws {
        let bytes = try readInput()
        let message = MIMEParser().parse(bytes)
        let output: any Encodable
        switch format {
        case .comment:
            let converted = EmailToComment.convert(message)
            output = ParseOutput(
                comment: converted.comment,
                warnings: converted.warnings.map(\.description) + converted.conversionWarnings
            )
        case .rawEmail:
            output = RawEmailDescription(message)
        }
        let data = try JSONCoding.encoder(pretty: true).encode(output)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    private func readInput() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read '\(file)': no such file, or not readable.")
        }
        return Array(data)
    }
}

private struct ParseOutput: Encodable {
    var comment: Comment
    var warnings: [String]
}
