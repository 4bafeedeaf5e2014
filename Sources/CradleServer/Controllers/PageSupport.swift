import Vapor
import CradleCore

struct SettingsKey: StorageKey { typealias Value = Settings }

extension Application {
    var settings: Settings {
        get { storage[SettingsKey.self]! }
        set { storage[SettingsKey.self] = newValue }
    }
}

extension Request {
    var today: Day { application.settings.today() }

    func layout(_ title: String, active: String? = nil) -> Layout.Context {
        Layout.Context(title: title, signedIn: signedIn, csrf: session.csrfToken, active: active,
                       mayReport: signedIn != nil && application.policy.reportScope(actor, locality: nil) != nil)
    }

    /// Submitted form fields; a body that is not a form is refused whole.
    func formFields() throws -> [String: String] {
        do { return try content.decode([String: String].self) }
        catch { throw Abort(.badRequest, reason: "The form could not be read. Go back and try again.") }
    }

    func id(_ name: String = "id") throws -> Int64 {
        guard let v = parameters.get(name, as: Int64.self), v > 0 else { throw Abort(.notFound) }
        return v
    }

    func version(in fields: [String: String]) throws -> Int {
        guard let v = fields["version"].flatMap(Int.init) else {
            throw InvalidInput("version", "The record version is missing; reload the page and try again")
        }
        return v
    }
}

extension Response {
    static func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.add(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: body))
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: ["Location": location])
    }
}

/// Runs a form submission: validation and store errors re-render the form with what was
/// typed and the problems beside each field; success redirects.
func handleForm(_ req: Request, fields: [String: String], render: @escaping (FormState) async throws -> String,
                save: () async throws -> String) async throws -> Response {
    do {
        return .seeOther(try await save())
    } catch let e as InvalidInput {
        return .html(try await render(FormState(values: fields, errors: e.errors)), status: .unprocessableEntity)
    } catch let e as EditConflict {
        return .html(try await render(FormState(values: fields, notice: e.reason)), status: .conflict)
    }
}

extension Result where Failure == FieldErrors {
    /// The valid value, or `InvalidInput` naming every bad field.
    func orThrow() throws -> Success {
        switch self {
        case .success(let v): return v
        case .failure(let e): throw InvalidInput(errors: e)
        }
    }
}
