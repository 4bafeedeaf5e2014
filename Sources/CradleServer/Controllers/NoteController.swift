import Vapor
import CradleCore

/// Writing and correcting case notes.
enum NoteController {
    static func new(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.caseNote, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let form = FormState(values: ["visibility": NoteVisibility.profession.rawValue])
        return .html(ServiceRecordForms.note(form, title: "Add a note for \(p.fullName)", action: "/people/\(id)/notes", layout: req.layout("Add a note")))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.caseNote, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let author = try req.requireSignedIn()
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Note added", render: {
            ServiceRecordForms.note($0, title: "Add a note for \(p.fullName)", action: "/people/\(id)/notes", layout: req.layout("Add a note"))
        }) {
            let input = try NoteInput.validate(fields).orThrow()
            _ = try await NoteStore.create(input, personId: id, author: author, today: req.today, on: req.sql)
            return "/people/\(id)#notes"
        }
    }

    /// The note's entries name its child, so they are on the child's access history; a note
    /// that does not exist is asked about as one, and refused like any other.
    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        let note = try await NoteStore.find(id, on: req.sql)
        // The form is for changing the note: offered only to those who may.
        try await req.authorize(.update, Resource(.caseNote, personId: note?.personId, noteId: id))
        guard let n = note else { throw Abort(.notFound) }
        let form = FormState(values: ["body": n.body, "visibility": n.visibility, "version": String(n.version)])
        return .html(ServiceRecordForms.note(form, title: "Edit note", action: "/notes/\(id)", layout: req.layout("Edit note")))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        let note = try await NoteStore.find(id, on: req.sql)
        try await req.authorize(.update, Resource(.caseNote, personId: note?.personId, noteId: id))
        guard let n = note else { throw Abort(.notFound) }
        let author = try req.requireSignedIn()
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Note changed", render: {
            ServiceRecordForms.note($0, title: "Edit note", action: "/notes/\(id)", layout: req.layout("Edit note"))
        }) {
            let input = try NoteInput.validate(fields).orThrow()
            try await NoteStore.update(id, version: try req.version(in: fields), input, author: author, on: req.sql)
            return "/people/\(n.personId)#notes"
        }
    }
}
