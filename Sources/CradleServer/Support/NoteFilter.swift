import Vapor
import CradleCore

/// Decides, note by note, which of a child's notes a page or answer may show, and keeps the
/// ones withheld so that the refusal is on the trail too.
final class NoteFilter {
    let request: Request
    private(set) var withheld: [(note: NoteRow, reason: String)] = []

    init(_ request: Request) { self.request = request }

    func mayRead(_ note: NoteRow) -> Bool {
        let d = request.noteDecision(note)
        if !d.allowed { withheld.append((note, d.reason)) }
        return d.allowed
    }

    /// One deny entry for the notes held back from this child's page, if any were.
    func audit(personId: Int64) { request.auditWithheld(withheld, personId: personId) }
}
