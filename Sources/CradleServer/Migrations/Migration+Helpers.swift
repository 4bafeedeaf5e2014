import Fluent
import SQLKit

extension SchemaBuilder {
    /// A 64-bit auto-incrementing primary key named `id`, the same on SQLite and PostgreSQL.
    func autoID() -> Self { field("id", .int64, .identifier(auto: true)) }
    func version() -> Self { field("version", .int, .required, .sql(.default(1))) }
}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }

    func index(_ name: String, on table: String, _ columns: String..., unique: Bool = false) async throws {
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for c in columns { builder = builder.column(c) }
        try await builder.run()
    }
}
