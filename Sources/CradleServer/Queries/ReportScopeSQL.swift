import SQLKit
import CradleCore

/// A report's scope as a condition on the child `p`: the same children for every report.
enum ReportScopeSQL {
    static func condition(_ scope: ReportScope) -> SQLQueryString {
        let home: SQLQueryString = """
            SELECT 1 FROM addresses ha JOIN postcodes hpc ON hpc.postcode = ha.postcode JOIN small_areas hsa ON hsa.id = hpc.small_area_id
            """
        switch scope {
        case .borough:
            return ""
        case .locality(let l):
            return " AND EXISTS (" + home + """
                 JOIN wards hw ON hw.id = hsa.ward_id WHERE ha.person_id = p.id AND ha.to_date IS NULL AND hw.locality = \(bind: l))
                """
        case .centre(let c):
            return " AND EXISTS (" + home + " WHERE ha.person_id = p.id AND ha.to_date IS NULL AND hsa.centre_organisation_id = \(bind: c))"
        case .teams(let teams):
            return """
                 AND EXISTS (SELECT 1 FROM involvements si JOIN services ss ON ss.id = si.service_id
                    WHERE (si.person_id = p.id OR si.family_id = p.family_id) AND ss.team_id IN (\(binds: teams.isEmpty ? [-1] : teams)))
                """
        }
    }
}
