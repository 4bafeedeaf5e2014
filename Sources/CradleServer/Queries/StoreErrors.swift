import Vapor
import CradleCore

/// Someone else saved the record since this edit began.
struct EditConflict: Error, AbortError {
    var what: String
    var status: HTTPResponseStatus { .conflict }
    var reason: String { "Someone else changed this \(what) while you were editing it. Nothing was saved; reload to see their changes, then make yours again." }
}

/// Invalid input, named field by field. Nothing was stored.
struct InvalidInput: Error, AbortError {
    var errors: FieldErrors

    init(errors: FieldErrors) { self.errors = errors }
    /// One field's problem.
    init(_ field: String, _ message: String) {
        var e = FieldErrors(); e.add(field, message); errors = e
    }

    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { errors.messages.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
}

/// A valid change that is hard to take back, not yet confirmed: its confirmation page. Nothing
/// was stored.
struct NeedsConfirmation: Error {
    var page: String
}
