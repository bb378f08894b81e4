/// One integration kind (IMAP, EWS, Graph, …): its connection's fields and their rules, which of them are secrets,
/// how answers show them, and how a mailbox's `MailSource` is made. The API, the configuration file and the command
/// line all read connections through it, so the same mistake gets the same message everywhere.
///
/// A kind lives in its own target; registering it is one line where the process builds its `ConnectorRegistry`.
public protocol Connector: MailSourceFactory {
    /// The `type` of integrations this connector serves.
    var kind: Integration.Kind { get }

    /// Other names a request may use for this kind's `type` (Communications Mining's `exchange_online`).
    var aliases: [String] { get }

    /// The `type` answers show (Communications Mining's clients know only `exchange_online`); Mailstream's own
    /// name is in `mailstream_type`.
    var answerType: String { get }

    /// Keys of the connection's public fields, as stored and answered; with `secretKeys`, every key it accepts
    /// (besides any client's shape it also reads, such as Communications Mining's `access`).
    var publicKeys: [String] { get }

    /// Keys of the connection whose values are secrets: sealed in the store, never answered (answers say
    /// `<key>_set`), given in a configuration file inline or as `<key>_env` / `<key>_file`.
    var secretKeys: [String] { get }

    /// Keys of long public texts a configuration file may also give as `<key>_file` (certificates).
    var fileKeys: [String] { get }

    /// Whether a connection sent without `type` has this kind's shape (Communications Mining's clients send none).
    func recognizes(untyped connection: [String: JSONValue]) -> Bool

    /// Reads and checks a connection as a request, a configuration file or the command line gives it, in any shape
    /// the kind accepts.
    /// - Parameter previous: the stored connection of an integration being updated: secrets left out keep their
    ///   values unless the request switches to another kind of credential.
    /// - Throws: `ConnectionProblem` naming the first field that is wrong.
    func settings(from input: [String: JSONValue], previous: ConnectionSettings?) throws(ConnectionProblem)
        -> ConnectionSettings

    /// The connection as answers show it: the public fields, `<key>_set` for each secret, and any shape a client
    /// expects (Communications Mining's `access` and `application` objects).
    func view(_ settings: ConnectionSettings) -> [String: JSONValue]

    /// One line for `mailstream integration list` (`user@host:993`).
    func summary(_ settings: ConnectionSettings) -> String

    /// The error record kind of a refused login (`invalid_imap_credentials`, `invalid_exchange_credentials`).
    var refusedLogin: IntegrationError.Kind { get }

}

extension Connector {
    public var aliases: [String] { [] }
    public var answerType: String { kind.rawValue }
    public func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind { refusedLogin }
    public var fileKeys: [String] { [] }

    /// The public fields and, for each secret key, whether it is set.
    public func view(_ settings: ConnectionSettings) -> [String: JSONValue] { fieldsAndSecretFlags(settings) }

    /// What every answer shows of a connection: its public fields and `<key>_set` for each secret key.
    public func fieldsAndSecretFlags(_ settings: ConnectionSettings) -> [String: JSONValue] {
        var shown = settings.fields
        for key in secretKeys { shown[key + "_set"] = .bool(settings.secrets[key] != nil) }
        return shown
    }

    /// Keys an answer holds that a client may send back unchanged: dropped, never an error.
    public var answerOnlyKeys: Set<String> { Set(secretKeys.map { $0 + "_set" }) }
}
