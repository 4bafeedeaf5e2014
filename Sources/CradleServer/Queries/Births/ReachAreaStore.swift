import SQLKit
import Fluent
import CradleCore

/// The postcode → small area → children's centre lookup, and the postcodes it misses.
enum ReachAreaStore {
    struct LoadResult: Sendable { var postcodes = 0, areas = 0; var problems: [RowProblem] = [] }

    /// Takes a lookup file's rows: a small area is made or moved to its ward and centre, a
    /// postcode to its small area. A row naming a ward or centre Cradle does not know is
    /// reported and skipped. One transaction: the lookup never half-changes.
    static func load(_ rows: [(row: Int, value: ReachAreaFile.Row)], on database: any Database) async throws -> LoadResult {
        try await database.writeTransaction { db in
            struct Coded: Codable { var id: Int64; var code: String }
            let wards = Dictionary(try await db.raw("SELECT id, code FROM wards").all(decoding: Coded.self, with: rowDecoder).map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
            let centres = Dictionary(try await db.raw("SELECT id, code FROM organisations WHERE kind = 'childrens_centre'")
                .all(decoding: Coded.self, with: rowDecoder).map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
            var areas = Dictionary(try await db.raw("SELECT id, code FROM small_areas").all(decoding: Coded.self, with: rowDecoder).map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
            var result = LoadResult()
            var touched: Set<String> = []
            for (line, r) in rows {
                guard let ward = wards[r.wardCode] else { result.problems.append(RowProblem(row: line, field: "ward_code", problem: "No ward has the code \(r.wardCode)")); continue }
                guard let centre = centres[r.centreCode] else { result.problems.append(RowProblem(row: line, field: "centre_code", problem: "No children's centre has the code \(r.centreCode)")); continue }
                if let id = areas[r.smallAreaCode] {
                    if touched.insert(r.smallAreaCode).inserted {
                        try await db.raw("UPDATE small_areas SET name = \(bind: r.smallAreaName), ward_id = \(bind: ward), centre_organisation_id = \(bind: centre) WHERE id = \(bind: id)").run()
                        result.areas += 1
                    }
                } else {
                    let id = try await db.insert(into: "small_areas").columns("code", "name", "ward_id", "centre_organisation_id")
                        .values(SQLBind(r.smallAreaCode), SQLBind(r.smallAreaName), SQLBind(ward), SQLBind(centre))
                        .returning("id").first(decodingColumn: "id", as: Int64.self)!
                    areas[r.smallAreaCode] = id; touched.insert(r.smallAreaCode); result.areas += 1
                }
                try await db.raw("DELETE FROM postcodes WHERE postcode = \(bind: r.postcode.normalised)").run()
                try await db.insert(into: "postcodes").columns("postcode", "small_area_id").values(SQLBind(r.postcode.normalised), SQLBind(areas[r.smallAreaCode]!)).run()
                result.postcodes += 1
            }
            return result
        }
    }

    /// The lookup as a file, in the columns `load` reads.
    static func export(on db: any SQLDatabase) async throws -> String {
        struct Row: Codable { var postcode: String; var code: String; var name: String; var wardCode: String; var centreCode: String? }
        let rows = try await db.raw("""
            SELECT pc.postcode, sa.code, sa.name, w.code AS ward_code, o.code AS centre_code
            FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
            LEFT JOIN organisations o ON o.id = sa.centre_organisation_id ORDER BY pc.postcode
            """).all(decoding: Row.self, with: rowDecoder)
        return ([CSVReader.line(ReachAreaFile.header)] + rows.map { CSVReader.exportLine([$0.postcode, $0.code, $0.name, $0.wardCode, $0.centreCode ?? ""]) })
            .joined(separator: "\n") + "\n"
    }

    struct Unmapped: Codable, Sendable { var postcode: String; var children: Int }

    /// Children's home postcodes that reach no centre: not in the lookup, or in a small area
    /// no centre serves. Their births cannot be routed until the lookup is fixed.
    static func unmapped(on db: any SQLDatabase) async throws -> [Unmapped] {
        try await db.raw("""
            SELECT a.postcode, COUNT(*) AS children FROM addresses a JOIN people p ON p.id = a.person_id
            LEFT JOIN postcodes pc ON pc.postcode = a.postcode LEFT JOIN small_areas sa ON sa.id = pc.small_area_id
            WHERE a.to_date IS NULL AND p.kind = 'child' AND p.merged_into IS NULL AND sa.centre_organisation_id IS NULL
            GROUP BY a.postcode ORDER BY COUNT(*) DESC, a.postcode
            """).all(decoding: Unmapped.self, with: rowDecoder)
    }
}
