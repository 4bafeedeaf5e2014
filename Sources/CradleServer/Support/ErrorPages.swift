import Vapor
import AsyncKit
import CradleCore

/// Turns every error into a page (for people) or JSON (for the API), naming what is wrong.
struct CradleErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let shown = Self.answerable(error)
            let response = render(shown, for: req)
            // Headers the error carries (Retry-After on a rate limit) go out with the page.
            if let abort = shown as? any AbortError { for (name, value) in abort.headers { response.headers.replaceOrAdd(name: name, value: value) } }
            return response
        }
    }

    /// Every connection stayed busy for `Settings.connectionWait`: a burst, not a fault.
    /// Nothing was written, so the sender is told to send it again shortly.
    static func answerable(_ error: any Error) -> any Error {
        guard error is ConnectionPoolTimeoutError else { return error }
        return Abort(.serviceUnavailable, headers: ["Retry-After": "5"],
                     reason: "Cradle is busy. Nothing you sent has been saved; try again in a few seconds.")
    }

    func render(_ error: any Error, for req: Request) -> Response {
        var status = HTTPResponseStatus.internalServerError
        var message = "Something went wrong. Nothing you entered has been saved; try again."
        var fields: [Problem.FieldProblem] = []
        switch error {
        case let e as InvalidInput:
            status = e.status
            message = "Some fields need correcting."
            fields = e.errors.messages.map { .init(field: $0.field, problem: $0.message) }
        case let e as WrongJSON:
            status = .badRequest
            message = "The body has fields this operation does not take, or values of the wrong JSON type; nothing was saved."
            fields = e.errors.messages.map { .init(field: $0.field, problem: $0.message) }
        case let e as AccessDenied:
            status = e.status
            message = e.reason
        case let e as any AbortError:
            status = e.status
            message = status == .notFound ? "Page not found. Check the address, or find the child again." : e.reason
        case let e as DecodingError:
            status = .badRequest
            message = "The request could not be read: \(e.localizedDescription)"
        default:
            req.logger.error("unhandled error: \(String(reflecting: error))", metadata: ["path": .string(req.url.path)])
        }
        if status == .notFound { req.storage[PolicyConsultedKey.self] = 1 }
        if req.isAPI { return apiError(status: status, detail: message, fields: fields, for: req) }
        if status == .unauthorized { return .seeOther("/sign-in") }
        let title: String
        switch status {
        case .forbidden: title = "You cannot see this"
        case .notFound: title = "Page not found"
        case .conflict: title = "Someone else changed this"
        case .badRequest, .unprocessableEntity: title = "There is a problem with what was sent"
        default: title = "Sorry, there is a problem"
        }
        let layout = Layout.Context(title: title, signedIn: req.signedIn, csrf: req.hasSession ? req.session.data["csrf"] : nil,
                                    nav: req.navigation())
        var breakGlass: String? = nil
        if error is AccessDenied, req.signedIn != nil, req.method == .GET {
            let parts = req.url.path.split(separator: "/")
            if parts.count >= 2, parts[0] == "people", let id = Int64(parts[1]), req.may(.read, Resource(.breakGlass, personId: id)) {
                breakGlass = "/people/\(id)/break-glass"
            }
        }
        return .html(ErrorView.render(status: Int(status.code), title: title, message: message, breakGlass: breakGlass, layout: layout), status: status)
    }
}

/// An error as the API that was asked speaks it: an OperationOutcome on FHIR, else a problem.
func apiError(status: HTTPResponseStatus, detail: String, fields: [Problem.FieldProblem] = [], for req: Request) -> Response {
    req.isFHIR ? FHIRAPI.operationOutcome(status: status, detail: detail, fields: fields)
               : Problem(status: status, detail: detail, fields: fields).response
}
