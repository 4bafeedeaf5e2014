import Vapor
import CradleCore

/// `/api/v1`: involvements, contacts and notes.
enum ServiceRecordsAPI {
    static func person(_ req: Request) async throws -> PersonRow {
        guard let p = try await PersonStore.person(try req.id(), on: req.sql) else { throw Abort(.notFound, reason: "No person \(try req.id())") }
        return p
    }

    static func involvements(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.servicesInvolved, personId: try req.id()))
        return try json(try await req.involvements(of: try await person(req).id))
    }

    static func createInvolvement(_ req: Request) async throws -> Response {
        let parsed = InvolvementInput.validate(try req.jsonFields(as: .involvement), today: req.today, starting: true)
        let proposal = InvolvementController.proposal(parsed)
        try await req.authorize(.create, Resource(.involvement, personId: try req.id()), detail: InvolvementController.detail(proposal), proposal: proposal)
        let p = try await person(req)
        let input = try parsed.orThrow()
        let id = try await InvolvementStore.create(input, person: p, on: req.sql)
        return try created(id, at: "/api/v1/involvements/\(id)")
    }

    static func updateInvolvement(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let i = try await InvolvementStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No involvement \(id)") }
        // The proposal the policy weighs comes from the body; a body that cannot be read is
        // refused only once the policy has spoken.
        let body = Result { try req.updateFields(as: .involvement, current: i.patchable) }
        let fields = (try? body.get()) ?? [:]
        let parsed = InvolvementInput.validate(fields, today: req.today)
        let proposal = InvolvementController.proposal(parsed, changing: i)
        try await req.authorize(.update, Resource(.involvement, personId: i.personId, familyId: i.familyId, itemId: id),
                                detail: InvolvementController.detail(proposal), proposal: proposal)
        _ = try body.get()
        let input = try parsed.orThrow()
        try await InvolvementStore.update(id, version: try req.version(in: fields), input, on: req.sql)
        return try json(try await InvolvementStore.find(id, on: req.sql))
    }

    static func contacts(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.contact, personId: try req.id()))
        let page = try APIPage.read(req, filters: ["since", "type"])
        var filters = FieldReader((try? req.query.decode([String: String].self)) ?? [:])
        let since = filters.day("since", label: "Since")
        let type = filters.choice("type", label: "Type", as: ContactType.self, required: false)
        if !filters.errors.isEmpty { throw InvalidInput(errors: filters.errors) }
        let rows = try await ContactStore.page(try await person(req).id, page, since: since, type: type, on: req.sql)
        return try page.respond(rows, key: { ($0.date, $0.id) }, req)
    }

    static func createContact(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.contact, personId: try req.id()))
        let p = try await person(req)
        let offered = try await ContactController.services(req, personId: p.id)
        let input = try ContactController.input(try req.jsonFields(as: .contact), req, offered: offered)
        let id = try await ContactStore.create(input, personId: p.id, practitionerId: req.actor.practitionerId, on: req.sql)
        return try created(id, at: "/api/v1/contacts/\(id)")
    }

    static func updateContact(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No contact \(id)") }
        try await req.authorize(.update, Resource(.contact, personId: c.personId))
        let fields = try req.updateFields(as: .contact, current: c.patchable)
        let offered = try await ContactController.services(req, personId: c.personId, keeping: c.serviceId)
        let input = try ContactController.input(fields, req, offered: offered)
        try await ContactStore.update(id, version: try req.version(in: fields), input, on: req.sql)
        return try json(try await ContactStore.find(id, on: req.sql))
    }

    static func notes(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.caseNote, personId: id))
        let page = try APIPage.read(req)
        let notes = NoteFilter(req)
        let rows = try await NoteStore.page(try await person(req).id, page, on: req.sql)
        let response = try page.respond(rows, key: { ($0.writtenOn, $0.id) }, shown: notes.mayRead, req)
        notes.audit(personId: id)
        return response
    }

    static func createNote(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.caseNote, personId: try req.id()))
        let p = try await person(req)
        let author = try req.requireSignedIn()
        let input = try NoteInput.validate(try req.jsonFields(as: .note)).orThrow()
        let id = try await NoteStore.create(input, personId: p.id, author: author, today: req.today, on: req.sql)
        return try created(id, at: "/api/v1/notes/\(id)")
    }

    static func updateNote(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.caseNote, noteId: id))
        guard let n = try await NoteStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No note \(id)") }
        let author = try req.requireSignedIn()
        guard n.authorId == author.actor.practitionerId else { throw Abort(.forbidden, reason: "Only the note's author can change it") }
        let fields = try req.updateFields(as: .note, current: n.patchable)
        let input = try NoteInput.validate(fields).orThrow()
        try await NoteStore.update(id, version: try req.version(in: fields), input, author: author, on: req.sql)
        return try json(try await NoteStore.find(id, on: req.sql))
    }
}
