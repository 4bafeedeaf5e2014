import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CradleServer
import CradleCore

/// The pages offer only what the policy allows: signed in as each demo persona, follow every
/// link and send every GET form a page offers, send every POST form that asks for something
/// empty (those allowed answer with what is missing, those refused with 403; a form of hidden
/// fields and a button alone is a change, so it is left unsent), and no answer is a refusal.
struct OfferedLinksTests {
    static let personas = ["midwife", "health.visitor", "gp", "centre.worker", "early.help", "family.support", "social.worker", "slt",
                           "family.nurse", "nursery.nurse", "school.nurse", "setting", "data.quality", "locality.manager",
                           "analyst", "admin", "ig.lead"]

    @Test func noOfferedLinkOrFormLeadsToARefusal() async throws {
        try await withCradle(children: 60) { app in
            // The demo's front door at work and its person index, so their pages are walked too.
            try await DemoEarlyHelp.seed(app)
            try await DemoPersonIndex.seed(app)
            // A postcode with children in it, for every persona's search.
            let postcode = try await app.sql.raw("""
                SELECT a.postcode FROM addresses a JOIN people p ON p.id = a.person_id WHERE p.kind = 'child' AND a.to_date IS NULL
                GROUP BY a.postcode ORDER BY COUNT(*) DESC, a.postcode LIMIT 1
                """).first(decodingColumn: "postcode", as: String.self)!
            for user in Self.personas {
                var b = try await Browser.signedIn(app, as: user)
                // Where they land, a child their team works with (if any), and a search.
                let child = try await app.sql.raw("""
                    SELECT MIN(p.id) AS id FROM people p
                    JOIN involvements i ON (i.person_id = p.id OR i.family_id = p.family_id) AND i.end_date IS NULL
                    JOIN services s ON s.id = i.service_id JOIN team_memberships tm ON tm.team_id = s.team_id
                    JOIN practitioners pr ON pr.id = tm.practitioner_id
                    WHERE pr.username = \(bind: user) AND p.kind = 'child'
                    """).first(decodingColumn: "id", as: Int64?.self) ?? nil
                // A search only for those the header offers it to.
                let offersSearch = try await b.get("/account").text.contains(#"href="/search""#)
                let search = offersSearch ? ["/search?postcode=" + postcode.replacingOccurrences(of: " ", with: "+")] : []
                let starts = ["/"] + search + (child.map { ["/people/\($0)"] } ?? [])
                let refused = try await Crawl.refusals(&b, from: starts)
                #expect(refused.isEmpty, "\(user) was offered \(refused.count) refused pages: \(refused.prefix(8))")
            }
        }
    }
}

/// A breadth-first walk of what pages offer: `a href` links and GET forms with the values they
/// carry, a few of each kind of address (digits stand for any id), within this site.
enum Crawl {
    static let perPattern = 4, limit = 250

    static func refusals(_ b: inout Browser, from starts: [String]) async throws -> [String] {
        var queue = starts.map { ($0, "start") }, seen = Set<String>(), patterns: [String: Int] = [:], refused: [String] = []
        var fetched = 0, sent = Set<String>()
        while !queue.isEmpty, fetched < limit {
            let (path, from) = queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            let pattern = Self.pattern(path)
            guard patterns[pattern, default: 0] < perPattern else { continue }
            patterns[pattern, default: 0] += 1
            fetched += 1
            let r = try await b.get(path)
            if r.status == .forbidden { refused.append("\(path) (from \(from))"); continue }
            if r.status == .seeOther || r.status == .found, let to = r.headers.first(name: .location), to.hasPrefix("/") {
                queue.append((to, path)); continue
            }
            guard r.headers.contentType?.subType == "html" else { continue }
            for next in offered(in: r.text) where !seen.contains(next) { queue.append((next, path)) }
            for action in postForms(in: r.text) where sent.insert(Self.pattern(action)).inserted {
                let answer = try await b.post(action, [:])
                if answer.status == .forbidden { refused.append("POST \(action) (form on \(path))") }
            }
        }
        if ProcessInfo.processInfo.environment["CRAWL_LOG"] != nil { print("crawl: \(fetched) pages, \(patterns.count) kinds, \(sent.count) forms sent empty: \(sent.sorted())") }
        return refused
    }

    /// Paths with their ids as `#`, so a list of a thousand children counts as one kind of page.
    static func pattern(_ path: String) -> String {
        let (p, q) = path.split(separator: "?", maxSplits: 1).map(String.init).paired
        let shape = p.replacingOccurrences(of: "[0-9]+", with: "#", options: .regularExpression)
        let keys = q.map { $0.split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }.sorted().joined(separator: "&") } ?? ""
        return shape + "?" + keys
    }

    /// POST forms with a field to fill in (text, a choice or a box of text): sent empty, they
    /// change nothing. The sign-out form is left alone.
    static func postForms(in html: String) -> [String] {
        matches(#"<form method="post" action="(/[^"]*)"[^>]*>(.*?)</form>"#, html).compactMap { form in
            let action = unescape(form[0])
            guard action != "/sign-out" else { return nil }
            let fillable = form[1].range(of: #"<textarea|<select|<input [^>]*type="(text|number|date)""#, options: .regularExpression) != nil
            return fillable ? action : nil
        }
    }

    /// Same-site links, and GET forms' targets with their fields' current values.
    static func offered(in html: String) -> [String] {
        var out: [String] = []
        for m in matches(##"<a [^>]*href="(/[^"#]*)[^"]*""##, html) {
            let href = unescape(m[0])
            if href.hasPrefix("/sign-out") || href.hasSuffix(".css") { continue }
            out.append(href)
        }
        for form in matches(#"<form method="get" action="(/[^"]*)"[^>]*>(.*?)</form>"#, html) {
            var fields: [(String, String)] = []
            for input in matches(#"<input [^>]*name="([^"]+)"[^>]*value="([^"]*)""#, form[1]) { fields.append((input[0], unescape(input[1]))) }
            for select in matches(#"<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>"#, form[1]) {
                let chosen = matches(#"<option value="([^"]*)" selected"#, select[1]).first?[0]
                    ?? matches(#"<option value="([^"]+)""#, select[1]).first?[0] ?? ""
                fields.append((select[0], unescape(chosen)))
            }
            let query = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            out.append(unescape(form[0]) + (query.isEmpty ? "" : "?" + query))
        }
        return out
    }

    static func matches(_ pattern: String, _ s: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { m in
            (1..<m.numberOfRanges).map { Range(m.range(at: $0), in: s).map { String(s[$0]) } ?? "" }
        }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
    }
}

private extension Array where Element == String {
    var paired: (String, String?) { (self.first ?? "", self.count > 1 ? self[1] : nil) }
}
