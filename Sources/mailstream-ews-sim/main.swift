import EWSSimulator
import Foundation

// `mailstream-ews-sim [--port N] [--messages N] [--tls-cert FILE --tls-key FILE] [--extended-protection MODE]`: a
// simulated Exchange server on 127.0.0.1 for trying clients against (NTLM and Basic; alice / Alice-Passw0rd! with
// mailbox alice@contoso.com, svc-sync / svc-S3cret who may impersonate), over HTTPS when given a PEM certificate
// chain and key, with IIS Extended Protection (off, allow, require) for NTLM. Prints `PORT <n>` once listening,
// runs until killed.
let usage = "usage: mailstream-ews-sim [--port N] [--messages N] [--tls-cert FILE --tls-key FILE] "
    + "[--extended-protection off|allow|require]\n"
var port = 0
var messages = 25
var certificateFile: String?
var keyFile: String?
var extendedProtection = EWSSimulatorConfiguration.ExtendedProtection.off
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": port = Int(arguments.next() ?? "") ?? 0
    case "--messages": messages = Int(arguments.next() ?? "") ?? 25
    case "--tls-cert": certificateFile = arguments.next()
    case "--tls-key": keyFile = arguments.next()
    case "--extended-protection":
        switch arguments.next() {
        case "off": extendedProtection = .off
        case "allow": extendedProtection = .allow
        case "require": extendedProtection = .require
        default:
            FileHandle.standardError.write(Data(usage.utf8))
            exit(2)
        }
    default:
        FileHandle.standardError.write(Data(usage.utf8))
        exit(2)
    }
}
/// Ends the process with a message instead of a crash report, for settings the user can fix.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("mailstream-ews-sim: \(message)\n".utf8))
    exit(1)
}

var tls: EWSSimulatorConfiguration.TLS?
switch (certificateFile, keyFile) {
case (nil, nil): tls = nil
case (let certificateFile?, let keyFile?):
    do {
        tls = .init(certificateChainPEM: try String(contentsOfFile: certificateFile, encoding: .utf8),
                    privateKeyPEM: try String(contentsOfFile: keyFile, encoding: .utf8))
    } catch {
        fail("cannot read the certificate or key: \(error.localizedDescription)")
    }
default:
    fail("--tls-cert and --tls-key go together")
}
let simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
    authentication: [.ntlm, .basic],
    accounts: [
        .init(login: "alice", password: "Alice-Passw0rd!", smtpAddress: "alice@contoso.com"),
        .init(login: "svc-sync", password: "svc-S3cret", canImpersonate: true),
    ],
    tls: tls,
    extendedProtection: extendedProtection
), port: port)
for index in 0..<messages {
    let mime = "From: Carol <carol@example.com>\r\nTo: alice@contoso.com\r\nSubject: Hello \(index)\r\n"
        + "Message-ID: <m\(index)@example.com>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\nBody \(index)\r\n"
    try simulator.addMessage(Array(mime.utf8), mailbox: "alice@contoso.com")
}
try simulator.createFolder(named: "Projects", in: .inbox, mailbox: "alice@contoso.com")
do {
    // Unbuffered, so a script reading the pipe sees the port at once.
    FileHandle.standardOutput.write(Data("PORT \(try await simulator.start())\n".utf8))
} catch let error as EWSSimulatorError {
    fail("\(error): \(error.detail)")
}
while true { try await Task.sleep(for: .seconds(3600)) }
