import Foundation

/// The Standard Webhooks reference library for Python (`standardwebhooks` on PyPI), which `scripts/test`
/// installs and names in `MAILSTREAM_STANDARDWEBHOOKS_PYTHON`.
enum StandardWebhooksPython {
    /// A python3 that imports `standardwebhooks`: the environment's, else the first `python3` on the PATH that can.
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        let onPath = (environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/python3" }
        let candidates = [environment["MAILSTREAM_STANDARDWEBHOOKS_PYTHON"]].compactMap { $0 } + onPath
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: candidate)
            process.arguments = ["-c", "import standardwebhooks"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return candidate }
        }
        return nil
    }()

    /// Under CI=true (or when scripts/test named a python) the test runs, and fails when the library is missing.
    static var required: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["CI"] == "true" || environment["MAILSTREAM_STANDARDWEBHOOKS_PYTHON"] != nil
    }

    /// "ok" or the library's error, per request (`headers`, base64 `body`).
    static func verify(python: String, secret: String, requests: [[String: Any]]) throws -> [String] {
        let script = """
            import base64, json, sys
            from standardwebhooks.webhooks import Webhook
            job = json.load(sys.stdin)
            hook = Webhook(job["secret"])
            for request in job["requests"]:
                try:
                    hook.verify(base64.b64decode(request["body"]), request["headers"])
                    print("ok")
                except Exception as error:
                    print(type(error).__name__ + ": " + str(error).replace("\\n", " "))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: ["secret": secret,
                                                                                     "requests": requests]))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
