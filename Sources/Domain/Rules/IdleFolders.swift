/// The rule for a mailbox's `idle_folders` (``Mailbox/idleFolders``), shared by the API and the configuration file:
/// at most ``Mailbox/maximumIdleFolders`` folder paths, each 1-32 names of 1-255 characters.
public enum IdleFolders {
    public static let maximumDepth = 32

    /// What is wrong with `paths`, as a phrase after the field's name; nil when they are fine.
    public static func problem(_ paths: [[String]]) -> String? {
        guard paths.count <= Mailbox.maximumIdleFolders else {
            return "lists at most \(Mailbox.maximumIdleFolders) folders (each one holds a connection open)"
        }
        for (index, path) in paths.enumerated() {
            guard (1...maximumDepth).contains(path.count) else {
                return "[\(index)] must be a folder path: a list of 1-\(maximumDepth) folder names"
            }
            for (level, name) in path.enumerated() {
                if let problem = TextLimit.folderName.problem(name) { return "[\(index)][\(level)] \(problem)" }
            }
        }
        return nil
    }
}
