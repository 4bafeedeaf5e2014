import SQLKit
import CradleCore

/// Every source record with the person it is linked to, how (deterministic, probabilistic,
/// reviewed, or new: it started its person) and at what weight, as CSV, in pages.
enum LinkExport {
    static let header = ["source", "source_kind", "record_id", "role", "person_id", "link_kind", "match_weight", "nhs_number",
                         "given_name", "family_name", "date_of_birth", "postcode", "received_at"]

    struct Row: Codable {
        var id: Int64
        var sourceName: String
        var sourceKind: String
        var recordId: String
        var role: String
        var personId: Int64
        var linkKind: String
        var linkWeight: Double?
        var nhsNumber: String?
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var postcode: String?
        var receivedAt: String
    }

    /// Writes the CSV through `emit` a page at a time; returns the number of records.
    @discardableResult
    static func write(on db: any SQLDatabase, _ emit: (String) throws -> Void) async throws -> Int {
        try emit(CSVReader.line(header) + "\n")
        var after: Int64 = 0, n = 0
        while true {
            let page = try await db.raw("""
                SELECT r.id, s.name AS source_name, s.kind AS source_kind, r.record_id, r.role, r.person_id, r.link_kind, r.link_weight,
                    r.nhs_number, r.given_name, r.family_name, r.date_of_birth, r.postcode, r.received_at
                FROM source_records r JOIN source_systems s ON s.id = r.source_id
                WHERE r.id > \(bind: after) ORDER BY r.id LIMIT 5000
                """).all(decoding: Row.self, with: rowDecoder)
            guard let last = page.last else { return n }
            var text = ""
            for r in page {
                text += CSVReader.exportLine([r.sourceName, r.sourceKind, r.recordId, r.role, String(r.personId), r.linkKind,
                                        r.linkWeight.map { String(format2dp: $0) } ?? "", r.nhsNumber ?? "", r.givenName, r.familyName,
                                        r.dateOfBirth ?? "", r.postcode ?? "", r.receivedAt]) + "\n"
            }
            try emit(text)
            n += page.count
            after = last.id
        }
    }
}

extension String {
    /// A weight to two decimal places, the same on every platform.
    init(format2dp v: Double) {
        let scaled = (v * 100).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = Int(abs(scaled))
        self = "\(sign)\(a / 100).\(a % 100 < 10 ? "0" : "")\(a % 100)"
    }
}
