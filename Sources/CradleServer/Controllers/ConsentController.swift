import Vapor
import CradleCore

/// Recording a family's consent decisions (given, refused, withdrawn) on a child's record.
/// Each decision is a new row: the latest per purpose is in force, the rest is history.
enum ConsentController {
    static func page(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.consent, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let history = try await GovernanceStore.consentHistory(personId: id, on: req.sql)
        let form = FormState(values: ["date": req.today.iso, "method": ConsentMethod.firstVisit.rawValue, "status": ConsentStatus.given.rawValue])
        return .html(ConsentView.render(p, history: history, form: form, organisations: try await Directory.organisations(on: req.sql),
                                        mayRecord: req.may(.create, Resource(.consent, personId: id)), today: req.today, layout: req.layout("Consent — \(p.fullName)")))
    }

    static func record(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.consent, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let recorder = try req.requireSignedIn()
        let fields = try GovernanceController.multiValueFields(req)
        let organisations = try await Directory.organisations(on: req.sql)
        return try await handleForm(req, fields: fields, saved: "Consent decision recorded", render: { form in
            let history = try await GovernanceStore.consentHistory(personId: id, on: req.sql)
            return ConsentView.render(p, history: history, form: form, organisations: organisations, today: req.today,
                                      layout: req.layout("Consent — \(p.fullName)"))
        }) {
            let input = try ConsentInput.validate(fields, today: req.today).orThrow()
            if input.status == .withdrawn {
                try askFirst(fields, title: "Withdraw consent for \(p.fullName)?",
                             consequences: ["\(input.purpose.label): withdrawn from \(input.date.display).",
                                            "Every later list and access that relied on this consent stops at once.",
                                            "Children's centres already sent a list are told to erase the family's details."],
                             action: "/people/\(id)/consents", confirm: "Withdraw consent", cancel: "/people/\(id)/consents",
                             layout: req.layout("Withdraw consent"))
            }
            try await GovernanceStore.recordConsent(personId: id, input, recordedBy: recorder.actor.practitionerId!, on: req.sql)
            return "/people/\(id)/consents"
        }
    }
}
