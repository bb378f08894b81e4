import GRDB
import Store
import GRDBSQLite

/// A value bound to a statement of the sync path by ``Statement/run(_:)``, ``Statement/firstText(_:)`` and
/// ``Statement/firstInteger(_:)``.
enum SQLiteValue {
    case text(String)
    case blob([UInt8])
    case integer(Int64)
    case real(Double)
    case null

    static func integer(_ value: Bool?) -> SQLiteValue { value.map { .integer($0 ? 1 : 0) } ?? .null }
    static func real(_ value: Double?) -> SQLiteValue { value.map(SQLiteValue.real) ?? .null }
}

/// SQLite copies a value bound with it before the bind call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension Statement {
    /// Binds `values` by position and runs the statement to its end, with SQLite's C API.
    ///
    /// The sync path runs the same few statements for every email. Through `execute(arguments:)` each value is
    /// boxed in an existential, turned into a `DatabaseValue` and bound from there, and text is measured again
    /// with `strlen`; here it is bound from its bytes. Only for statements of the store's own, with no observer
    /// that needs GRDB to see them run (the store has none).
    func run(_ values: [SQLiteValue]) throws {
        _ = try firstRow(values) { _ in () }
    }

    /// Binds `values`, runs the statement and returns the first column of its first row as text (nil without a
    /// row, or for NULL).
    func firstText(_ values: [SQLiteValue]) throws -> String? {
        try firstRow(values) { statement in
            sqlite3_column_text(statement, 0).map { text in
                let count = Int(sqlite3_column_bytes(statement, 0))
                return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
            }
        } ?? nil
    }

    /// Binds `values`, runs the statement and returns the first column of its first row as an integer (nil
    /// without a row).
    func firstInteger(_ values: [SQLiteValue]) throws -> Int64? {
        try firstRow(values) { sqlite3_column_int64($0, 0) }
    }

    /// Binds `values`, runs the statement to its end, and returns what `read` makes of its first row (nil without
    /// a row). With RETURNING the changes are made by the first step; the rest only reads them back.
    private func firstRow<Value>(_ values: [SQLiteValue], _ read: (OpaquePointer) -> Value) throws -> Value? {
        try bind(values)
        defer { reset() }
        var code = sqlite3_step(sqliteStatement)
        let value = code == SQLITE_ROW ? read(sqliteStatement) : nil
        while code == SQLITE_ROW { code = sqlite3_step(sqliteStatement) }
        guard code == SQLITE_DONE else { throw error(code) }
        return value
    }

    private func bind(_ values: [SQLiteValue]) throws {
        let statement = sqliteStatement
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .text(var text):
                code = text.withUTF8 { bytes in
                    // A null pointer would bind NULL: an empty text is bound from a pointer of its own.
                    guard let base = bytes.baseAddress, !bytes.isEmpty else {
                        return sqlite3_bind_text(statement, index, "", 0, transient)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient)
                    }
                }
            case .blob(let bytes):
                code = bytes.isEmpty ? sqlite3_bind_zeroblob(statement, index, 0) : bytes.withUnsafeBytes {
                    sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient)
                }
            case .integer(let value):
                code = sqlite3_bind_int64(statement, index, value)
            case .real(let value):
                code = sqlite3_bind_double(statement, index, value)
            case .null:
                code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else {
                let failure = error(code)
                reset()
                throw failure
            }
        }
    }

    private func reset() {
        sqlite3_reset(sqliteStatement)
        sqlite3_clear_bindings(sqliteStatement)
    }

    private func error(_ code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(sqliteStatement)
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}
