/// The reach-area lookup an authority keeps: which small area each postcode lies in, and which
/// children's centre serves each small area. Read from CSV with the columns below; a file
/// without them is refused whole, a bad row is reported and the rest are taken.
public enum ReachAreaFile {
    public static let header = ["postcode", "small_area_code", "small_area_name", "ward_code", "centre_code"]

    public struct Row: Sendable, Equatable {
        public var postcode: Postcode
        public var smallAreaCode: String
        public var smallAreaName: String
        public var wardCode: String
        public var centreCode: String
    }

    public static func parse(_ text: String) throws(SourceFileRefused) -> (rows: [(row: Int, value: Row)], problems: [RowProblem]) {
        let records: [[String]]
        do { records = try CSVReader.records(text) } catch { throw SourceFileRefused("Not readable as CSV: record \(error.record) has \(error.problem)") }
        guard let first = records.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }), Set(first) == Set(header), first.count == header.count else {
            throw SourceFileRefused("A reach-area lookup has the columns \(header.joined(separator: ", "))")
        }
        var rows: [(Int, Row)] = [], problems: [RowProblem] = []
        var seen: [String: Int] = [:]
        for (n, fields) in records.dropFirst().enumerated() {
            let line = n + 2
            guard fields.count == first.count else { problems.append(RowProblem(row: line, field: "(row)", problem: "has \(fields.count) fields; the header has \(first.count)")); continue }
            var r = FieldReader(Dictionary(uniqueKeysWithValues: zip(first, fields)))
            let postcode = r.postcode("postcode", required: true)
            let area = r.text("small_area_code", label: "Small area code", max: 20)
            let name = r.text("small_area_name", label: "Small area name", max: 100)
            let ward = r.text("ward_code", label: "Ward code", max: 20)
            let centre = r.text("centre_code", label: "Centre code", max: 20)
            guard r.errors.isEmpty, let postcode, let area, let name, let ward, let centre else {
                problems += r.errors.messages.map { RowProblem(row: line, field: $0.field, problem: $0.message) }
                continue
            }
            if let earlier = seen[postcode.normalised] {
                problems.append(RowProblem(row: line, field: "postcode", problem: "\(postcode.normalised) is already row \(earlier)"))
                continue
            }
            seen[postcode.normalised] = line
            rows.append((line, Row(postcode: postcode, smallAreaCode: area, smallAreaName: name, wardCode: ward, centreCode: centre)))
        }
        return (rows, problems)
    }
}
