import Vapor
import CradleCore

/// A practitioner's early help caseload: plans they lead or belong to, requests they made,
/// panels they sit on; and their teams' plan counts per lead professional.
enum CaseloadController {
    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.worklist))
        let me = try req.requireSignedIn()
        let id = me.actor.practitionerId!
        let plans = try await PlanStore.caseload(id, on: req.sql)
        let cadence = req.earlyHelp.planReviews
        return .html(CaseloadView.render(
            plans: plans.map { ($0, cadence.status(nextReview: $0.next, today: req.today)) }, myId: id,
            requests: try await RequestStore.madeBy(id, on: req.sql), panels: try await PanelStore.memberOf(id, on: req.sql),
            team: try await PlanStore.teamCaseloads(teamIds: me.actor.teamIds, today: req.today, on: req.sql),
            frontDoor: req.may(.read, Resource(.frontDoor)),
            layout: req.layout("Early help caseload", active: "early-help")))
    }
}
