import Vapor
import SQLKit
import CradleCore

/// The demo partnership's self-assessment: each dimension scored six months ago and last
/// month by the analyst, so the maturity page has a history to chart.
enum DemoPartnership {
    static func seed(_ app: Application) async throws {
        let db = app.sql
        guard (try await db.raw("SELECT COUNT(*) AS n FROM maturity_scores").first(decodingColumn: "n", as: Int.self) ?? 0) == 0,
              let analyst = try await db.raw("SELECT id FROM practitioners WHERE username = 'analyst'").first(decodingColumn: "id", as: Int64.self) else { return }
        let today = app.settings.today()
        let then: [String: (MaturityStage, MaturityStage, String)] = [
            "leadership": (.early, .substantial, "Early years partnership board reports to the Health and Wellbeing Board; joint strategy signed by health, the council and schools."),
            "commissioning": (.basic, .early, "Health visiting and children's centres commissioned separately against one outcomes framework since April."),
            "information": (.early, .substantial, "Information sharing agreement live; births flow monthly to centres; one performance report for the board."),
            "workforce": (.early, .early, "Integrated 2-year review with nurseries in two localities; joint training calendar agreed."),
            "systems": (.basic, .substantial, "Cradle in use across health visiting, centres and early help; one referral route through the front door."),
        ]
        for d in MaturityDimension.matrix {
            guard let (before, now, evidence) = then[d.code] else { continue }
            for (stage, when) in [(before, today.adding(months: -6)), (now, today.adding(months: -1))] {
                _ = try await MaturityStore.add(MaturityScoreInput(dimension: d, stage: stage, assessedOn: when, evidence: evidence, link: nil),
                                                file: nil, by: analyst, on: db)
            }
        }
    }
}
