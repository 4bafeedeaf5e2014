import Foundation
import CradleCore

enum AuditView {
    /// The filter form, a page of entries, the link to the next (older) page, and the CSV.
    static func search(_ f: AuditFilter, form: FormState, entries: [AuditEntry], names: [Int64: String], next: Int64?,
                       layout: Layout.Context) -> String {
        let query = f.query
        func href(_ path: String, _ extra: [String: String] = [:]) -> String {
            let q = query.merging(extra) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)=\(percentEncoded($0.value))" }
            return q.isEmpty ? path : path + "?" + q.joined(separator: "&")
        }
        return Layout.page(layout,
            GovernanceView.nav(),
            tag("h1", [:], text("Audit trail")),
            tag("p", ["class": "lead"], text("Every access decision, newest first. Choose any of the filters; the CSV holds every entry that matches, not only this page.")),
            form.errorSummary(),
            tag("form", ["method": "get", "action": "/governance/audit", "class": "filters"],
                form.input("person", "Child's record number", width: "10"),
                form.input("user", "User number", width: "10"),
                form.select("decision", "Decision", options: [("allow", "Allowed"), ("deny", "Refused"), ("break_glass", "Break-glass")], blank: "Any"),
                form.select("purpose", "Purpose", options: Purpose.allCases.map { ($0.rawValue, $0.label) }, blank: "Any"),
                form.date("from", "From"),
                form.date("to", "To"),
                tag("button", ["type": "submit", "class": "button"], text("Show"))),
            tag("p", [:], link(href("/governance/audit.csv"), "Download these entries as CSV")),
            table(entries, names: names),
            next.map { tag("p", [:], link(href("/governance/audit", ["before": String($0)]), "Older entries")) } ?? group([]))
    }

    static func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }

    static func table(_ entries: [AuditEntry], names: [Int64: String]) -> Markup {
            entries.isEmpty ? tag("p", [:], text("No recorded access.")) :
            tag("table", ["class": "table"],
                tag("thead", [:], tag("tr", [:],
                    tag("th", ["scope": "col"], text("When")), tag("th", ["scope": "col"], text("Who")),
                    tag("th", ["scope": "col"], text("What")), tag("th", ["scope": "col"], text("Decision")),
                    tag("th", ["scope": "col"], text("Reason")))),
                tag("tbody", [:], entries.map { e in
                    tag("tr", ["class": e.decision == "allow" ? nil : "denied"],
                        tag("td", [:], text(String(e.at.prefix(19)).replacingOccurrences(of: "T", with: " "))),
                        tag("td", [:], e.actorId.map { id in link("/governance/audit?user=\(id)", names[id] ?? "Practitioner \(id)") } ?? text("Not signed in"),
                            tag("div", ["class": "hint"], text(Format.label(e.actorProfession, Profession.self)))),
                        tag("td", [:], text("\(e.action) \(e.category.replacingOccurrences(of: "_", with: " "))"),
                            tag("div", ["class": "hint"], text(e.path)),
                            e.personId.map { tag("div", ["class": "hint"], link("/people/\($0)/access", "Person \($0)")) } ?? group([])),
                        tag("td", [:], text(e.decision == "allow" ? "Allowed" : e.decision == "deny" ? "Refused" : "Break-glass")),
                        tag("td", [:], text(e.reason), e.detail.map { tag("div", ["class": "hint"], text($0)) } ?? group([])))
                }))
    }
}
