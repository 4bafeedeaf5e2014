import Vapor
import CradleCore

/// The family-led assessment ("Our family journey") with its progress chart, and the
/// family's health-visiting service level with history.
enum FamilyJourneyController {
    static func page(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.read, Resource(.assessment, familyId: id))
        return .html(try await render(req, id, FormState(), why: decision.reason))
    }

    static func render(_ req: Request, _ id: Int64, _ form: FormState, why: String) async throws -> String {
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        return FamilyJourneyView.render(family: family, journeys: try await HealthyChildStore.journeys(familyId: id, on: req.sql),
                                        levels: try await HealthyChildStore.levels(familyId: id, on: req.sql), form: form, why: why,
                                        mayRecord: req.may(.create, Resource(.assessment, familyId: id)),
                                        maySetLevel: req.may(.update, Resource(.assessment, familyId: id)),
                                        layout: req.layout("Our family journey"))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.create, Resource(.assessment, familyId: id))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Family journey saved", render: { try await render(req, id, $0, why: decision.reason) }) {
            let journey = try FamilyJourney.validate(fields, today: req.today).orThrow()
            try await HealthyChildStore.addJourney(journey, familyId: id, by: try req.requireSignedIn(), on: req.sql)
            return "/families/\(id)/journey#progress"
        }
    }

    static func setLevel(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.update, Resource(.assessment, familyId: id))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Service level changed", render: { try await render(req, id, $0, why: decision.reason) }) {
            try await setLevel(req, family: id, fields)
            return "/families/\(id)/journey#level"
        }
    }

    /// The family's health-visiting service level from today, and why.
    static func setLevel(_ req: Request, family id: Int64, _ fields: [String: String]) async throws {
        var f = FieldReader(fields)
        let level = f.choice("level", label: "Service level", as: HVServiceLevel.self)
        let reason = f.text("reason", label: "Reason", max: 500)
        guard f.errors.isEmpty, let level, let reason else { throw InvalidInput(errors: f.errors) }
        try await HealthyChildStore.setLevel(level, reason: reason, familyId: id, today: req.today, by: try req.requireSignedIn(), on: req.sql)
    }
}
