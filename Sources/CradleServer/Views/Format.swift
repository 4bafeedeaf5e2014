import CradleCore

/// Display helpers shared by pages and the API.
enum Format {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// "October 2026".
    static func month(_ p: Period) -> String {
        let c = p.first.components
        return "\(monthNames[c.month - 1]) \(c.year)"
    }

    /// The day of an ISO date or timestamp, as people read it.
    static func day(_ iso: String?) -> String {
        guard let iso, let d = try? Day(String(iso.prefix(10))) else { return "—" }
        return d.display
    }

    /// "2 years 3 months", "5 weeks", or "Due 3 Mar 2026" for an unborn child.
    static func age(of person: PersonRow, today: Day) -> String {
        if let born = person.born {
            let days = today - born
            if days < 0 { return "—" }
            if days < 56 { return days < 14 ? "\(days) days" : "\(days / 7) weeks" }
            let months = born.wholeMonths(until: today)
            if months < 24 { return "\(months) months" }
            let m = months % 12
            return "\(months / 12) years" + (m > 0 ? " \(m) month\(m == 1 ? "" : "s")" : "")
        }
        if let due = person.due { return "Unborn — due \(due.display)" }
        return "—"
    }

    static func label<V: Vocabulary>(_ raw: String?, _ type: V.Type) -> String {
        raw.flatMap { V(rawValue: $0)?.label } ?? raw ?? "—"
    }
}
