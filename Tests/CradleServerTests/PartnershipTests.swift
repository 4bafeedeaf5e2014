import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// The partnership scores itself against the maturity matrix, with evidence as text, a link
/// and a file; everyone signed in reads it; only locality managers and analysts score. On
/// SQLite and PostgreSQL.
struct PartnershipTests {
    /// A multipart form as a browser sends one with a file.
    func multipart(_ b: inout Browser, _ path: String, _ fields: [String: String], file: (name: String, data: Data)? = nil) async throws -> TestingHTTPResponse {
        let boundary = "----cradle\(UUID().uuidString)"
        var body = Data()
        for (k, v) in fields.merging(["_csrf": b.csrf], uniquingKeysWith: { a, _ in a }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        if let file {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var h = b.headers()
        h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let res = try await b.app.testing().sendRequest(.POST, path, headers: h, body: ByteBuffer(data: body))
        b.remember(res)
        return res
    }

    @Test func thePartnershipScoresItselfWithEvidenceAndOnlyItsRecordersMayScore() async throws {
        try await withCradle(children: 10) { app in
            let score = ["dimension": "information", "stage": "3", "assessedOn": "01/10/2026",
                         "evidence": "Live birth data flows monthly to every centre under the ISA; one dashboard for the board.",
                         "link": "https://board.fernmoor.example/papers/2026-10"]
            // Everyone signed in reads it; a health visitor is not offered the form and cannot score.
            #expect(try await app.send(.GET, "/partnership").status != .ok)
            var hv = try await Browser.signedIn(app)
            let read = try await hv.get("/partnership")
            #expect(read.status == .ok && read.text.contains("Information sharing and performance") && !read.text.contains("Add a score"))
            #expect(try await multipart(&hv, "/partnership/scores", score).status == .forbidden)
            #expect(try await app.count("maturity_scores") == 0)

            var analyst = try await Browser.signedIn(app, as: "analyst")
            #expect(try await analyst.get("/partnership").text.contains("Add a score"))
            // Every bad field is named, what was typed is kept, and nothing is stored.
            var bad = score
            bad["stage"] = "5"
            bad["link"] = "javascript:alert(1)"
            let refused = try await multipart(&analyst, "/partnership/scores", bad, file: ("minutes.exe", Data("MZ".utf8)))
            #expect(refused.status == .unprocessableEntity)
            for message in ["Stage must be", "Link to evidence must be a web address", "A file of evidence must be one of"] {
                #expect(refused.text.contains(message), "\(message)")
            }
            #expect(refused.text.contains("one dashboard for the board"))
            let big = try await multipart(&analyst, "/partnership/scores", score, file: ("pack.pdf", Data(count: 5 * 1024 * 1024 + 1)))
            #expect(big.status == .unprocessableEntity && big.text.contains("5 MB or smaller"))
            #expect(try await app.count("maturity_scores") == 0)

            let pdf = Data("%PDF-1.4 board paper".utf8)
            #expect(try await multipart(&analyst, "/partnership/scores", score, file: ("Board paper Oct.pdf", pdf)).status == .seeOther)
            var later = score
            (later["stage"], later["assessedOn"], later["link"]) = ("4", "2026-11-20", "")
            later["evidence"] = "Agreements fully operational; practitioners use them daily."
            #expect(try await multipart(&analyst, "/partnership/scores", later).status == .seeOther)

            let page = try await hv.get("/partnership").text
            #expect(page.contains("Maturity (20 Nov 2026)") && page.contains("practitioners use them daily"))
            #expect(page.contains("Evidence file: Board paper Oct.pdf") && page.contains("https://board.fernmoor.example/papers/2026-10"))
            // The chart has a column for each date, and the table every score.
            let svg = page[page.range(of: "<svg")!.lowerBound..<page.range(of: "</svg>")!.upperBound]
            #expect(svg.contains("1 Oct 2026") && svg.contains("20 Nov 2026") && svg.contains("Latest: Information sharing and performance maturity"))
            #expect(page.components(separatedBy: ">Information sharing and performance</td>").count - 1 == 2)

            let id = try await app.sql.raw("SELECT id FROM maturity_scores WHERE file_name IS NOT NULL").first(decodingColumn: "id", as: Int64.self)!
            let file = try await hv.get("/partnership/files/\(id)")
            #expect(file.status == .ok && Data(file.body.readableBytesView) == pdf)
            #expect(file.headers.first(name: .contentType) == "application/pdf")
            #expect(file.headers.first(name: .contentDisposition) == "attachment; filename=\"Board paper Oct.pdf\"")
            let audited = try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE category = 'partnership' AND action = 'create' AND decision = 'allow'")
                .first(decodingColumn: "n", as: Int.self)!
            #expect(audited >= 2)
        }
    }

    @Test func aScoreNamesEachBadField() {
        let today = Day(year: 2026, month: 12, day: 1)!
        guard case .failure(let e) = MaturityScoreInput.validate(["dimension": "vibes", "stage": "0", "assessedOn": "2027-01-01", "evidence": "",
                                                                   "link": "https://"], today: today) else { Issue.record("accepted"); return }
        #expect(Set(e.messages.map(\.field)) == ["dimension", "stage", "assessedOn", "evidence", "link"])
        guard case .success(let ok) = MaturityScoreInput.validate(["dimension": "systems", "stage": "2", "assessedOn": "2026-11-30", "evidence": "Option appraisal done"],
                                                                  today: today) else { Issue.record("refused"); return }
        #expect(ok.dimension.code == "systems" && ok.stage == .early && ok.link == nil)
        #expect(MaturityDimension.matrix.allSatisfy { $0.stages.count == MaturityStage.allCases.count })
    }
}
