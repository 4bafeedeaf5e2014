import Vapor
import Foundation
import CradleCore

/// Emergency access: a practitioner without a relationship gives a reason and gets a
/// time-limited grant; the information-governance lead reviews every one.
enum BreakGlassController {
    static func form(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.breakGlass, personId: id))
        return .html(BreakGlassView.form(personId: id, form: FormState(), hours: req.application.policy.rules.breakGlassHours,
                                         layout: req.layout("Emergency access")))
    }

    static func open(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.formFields()
        let reason = fields["reason"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let hours = req.application.policy.rules.breakGlassHours
        guard reason.count >= 10, reason.count <= 1_000 else {
            // Refused for its reason: on the trail as a deny, never as access granted.
            try await req.authorize(.read, Resource(.breakGlass, personId: id))
            try await req.auditRefusal(.create, Resource(.breakGlass, personId: id), reason: "Break-glass refused: no adequate reason was given", detail: reason)
            var e = FieldErrors()
            e.add("reason", "Give the reason for emergency access in at least 10 characters (at most 1,000)")
            return .html(BreakGlassView.form(personId: id, form: FormState(values: fields, errors: e), hours: hours,
                                             layout: req.layout("Emergency access")), status: .unprocessableEntity)
        }
        try await req.authorize(.create, Resource(.breakGlass, personId: id), detail: reason)
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound) }
        let actor = try req.requireSignedIn()
        try await GovernanceStore.openBreakGlass(actor: actor.actor.practitionerId!, personId: id, reason: reason, hours: hours, on: req.sql)
        req.flash("Emergency access open for \(hours) hours; an information governance lead will review it")
        return .seeOther("/people/\(id)")
    }

    static func reviews(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.governance))
        let rows = try await GovernanceStore.breakGlassList(on: req.sql)
        return .html(BreakGlassView.reviews(rows, layout: req.layout("Break-glass reviews")))
    }

    static func review(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.governance))
        let reviewer = try req.requireSignedIn()
        let fields = try req.formFields()
        try await GovernanceStore.reviewBreakGlass(id, outcome: try outcome(fields), note: fields["note"], reviewer: reviewer.actor.practitionerId!, on: req.sql)
        req.flash("Review recorded")
        return .seeOther("/governance/break-glass")
    }

    /// The reviewer's judgement: appropriate or inappropriate.
    static func outcome(_ fields: [String: String]) throws -> String {
        guard let outcome = fields["outcome"], ["appropriate", "inappropriate"].contains(outcome) else {
            throw InvalidInput("outcome", "Choose whether the access was appropriate")
        }
        return outcome
    }
}
