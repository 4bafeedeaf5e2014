import SQLKit

/// Indexes a large import into SQLite builds once, at its end, instead of a row at a time.
///
/// Their keys (surname with birth date, birth date, postcode) arrive in no order, so every row
/// written dirtied a page in each of them, and every batch wrote those pages out again. A
/// national year of births spent most of its write time on them. Building an index from the
/// finished table is a single sort.
///
/// None of them is used by the import itself, and none enforces a rule (unique indexes stay).
/// While they are gone, a query that would use them scans instead: slower, never wrong. A
/// store left without them by a crash gets them back the next time it is prepared
/// (`prepareStore`).
enum DeferredIndexes {
    /// As the migrations create them (M003, M017).
    static let all: [(name: String, table: String, columns: [String])] = [
        ("people_family_key_dob", "people", ["family_key", "date_of_birth"]),
        ("people_date_of_birth", "people", ["date_of_birth"]),
        ("addresses_postcode", "addresses", ["postcode"]),
    ]

    /// Worth it when an import at least doubles the records the store holds, and is large
    /// enough that a rebuild costs less than keeping the indexes up to date.
    static func worthDeferring(adding: Int, holding: Int, from minimum: Int) -> Bool {
        adding >= minimum && adding >= holding
    }

    static func drop(on db: any SQLDatabase) async throws {
        for index in all { try await db.drop(index: index.name).ifExists().run() }
    }

    /// Builds whichever of them is missing; does nothing to those present.
    static func restore(on db: any SQLDatabase) async throws {
        guard db.dialect.name == "sqlite" else { return }
        for index in all {
            try await db.raw("CREATE INDEX IF NOT EXISTS \(ident: index.name) ON \(ident: index.table) (\(idents: index.columns, joinedBy: ", "))").run()
        }
    }
}
