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
        Layout.Context(title: title, signedIn: signedIn, csrf: session.csrfToken, active: active, nav: navigation(), saved: takeFlash())
    }

    /// What the last save did, for the next page to say once ("Contact added").
    func flash(_ message: String) {
        guard signedIn != nil else { return }
        session.data["saved"] = message
    }

    /// The message a save left, removed as it is shown.
    func takeFlash() -> String? {
        guard hasSession, let message = session.data["saved"] else { return nil }
        session.data["saved"] = nil
        return message
    }

    /// Where this person starts: the page of their own work, the first of these the policy
    /// lets them open (reviews due for those who record reviews, the centre's page, triage,
    /// the person index, break-glass reviews, accounts, reports), else search or their account.
    func landing() -> String {
        guard signedIn != nil else { return "/sign-in" }
        if actor.familyMember != nil { return "/family" }
        let centre = ownCentre
        let starts: [(String, Bool)] = [
            ("/worklist", application.policy.recordsReviews(actor) && may(.read, Resource(.worklist))),
            ("/centres/\(centre ?? 0)", may(.read, Resource(.centreList, itemId: centre))),
            ("/early-help/triage", may(.read, Resource(.frontDoor))),
            ("/sources", may(.read, Resource(.personIndex))),
            ("/governance/break-glass", may(.read, Resource(.governance))),
            ("/admin/accounts", may(.read, Resource(.accounts))),
            ("/search", may(.search, Resource(.searchResult))),
            ("/reports/timeliness", may(.read, Resource(.aggregateReport))),
        ]
        return starts.first { $0.1 }?.0 ?? "/account"
    }

    /// The header's sections: each only when the policy would let this person open it.
    /// A children's centre worker's own centre: their organisation.
    var ownCentre: Int64? { actor.profession == .childrensCentreWorker ? actor.organisationId : nil }

    func navigation() -> [Layout.NavItem] {
        guard signedIn != nil else { return [] }
        if actor.familyMember != nil {
            return [.init(path: "/family", label: "Your family's record", key: "family"), .init(path: "/offer", label: "Local offer", key: "offer")]
        }
        let centre = ownCentre
        let sections: [(Layout.NavItem, CradleCore.Action, Resource)] = [
            (.init(path: "/centres/\(centre ?? 0)", label: "My centre", key: "centre"), .read, Resource(.centreList, itemId: centre)),
            (.init(path: "/search", label: "Find a child", key: "search"), .search, Resource(.searchResult)),
            (.init(path: "/children/new", label: "Add a child", key: "new"), .create, Resource(.demographics)),
            (.init(path: "/worklist", label: "Reviews due", key: "worklist"), .read, Resource(.worklist)),
            (.init(path: "/caseload", label: "Early help", key: "early-help"), .read, Resource(.worklist)),
            (.init(path: "/reports/timeliness", label: "Timeliness", key: "reports"), .read, Resource(.aggregateReport)),
            (.init(path: "/reports/reach", label: "Reach", key: "reach"), .read, Resource(.aggregateReport)),
            (.init(path: "/sources", label: "Person index", key: "person-index"), .read, Resource(.personIndex)),
            (.init(path: "/governance", label: "Governance", key: "governance"), .read, Resource(.governance)),
            (.init(path: "/admin/accounts", label: "Accounts", key: "accounts"), .read, Resource(.accounts)),
            (.init(path: "/records/requests", label: "Family requests", key: "requests"), .read, Resource(.familyRequest)),
            (.init(path: "/partnership", label: "Partnership", key: "partnership"), .create, Resource(.partnership)),
            (.init(path: "/offer", label: "Local offer", key: "offer"), .read, Resource(.publicPage)),
        ]
        return sections.filter { may($0.1, $0.2) }.map(\.0)
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

    /// The version the editor read: from the form or body, or (for the API) an `If-Match`
    /// header carrying the ETag a read gave (`"3"`).
    func version(in fields: [String: String]) throws -> Int {
        // Generated clients may percent-encode the header's quotes (`%222%22` for `"2"`).
        let ifMatch = headers.first(name: .ifMatch).map { ($0.removingPercentEncoding ?? $0).trimmingCharacters(in: CharacterSet(charactersIn: "W/\" ")) }
        guard let v = fields["version"].flatMap(Int.init) ?? ifMatch.flatMap(Int.init) else {
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

/// Whether a form that makes a change hard to take back has been confirmed (sent again from
/// the confirmation page with `confirmed=yes`).
func confirmed(_ fields: [String: String]) -> Bool { fields["confirmed"] == "yes" }

/// Before a change that is hard to take back: unless the form came confirmed, stop and show
/// what will happen, with the same form ready to send again (`handleForm` shows the page).
func askFirst(_ fields: [String: String], title: String, consequences: [String], action: String, confirm: String,
              cancel: String, layout: Layout.Context) throws {
    guard !confirmed(fields) else { return }
    throw NeedsConfirmation(page: ConfirmView.render(title: title, consequences: consequences, action: action, fields: fields,
                                                     confirm: confirm, cancel: cancel, layout: layout))
}

/// Runs a form submission: validation and store errors re-render the form with what was
/// typed and the problems beside each field; success redirects, and the next page says what
/// was saved (`saved`).
///
/// `form` names which of the page's forms was sent, when a page has several: only that one shows
/// what was typed and its problems.
func handleForm(_ req: Request, fields: [String: String], saved: String?, form: String? = nil,
                render: @escaping (FormState) async throws -> String, save: () async throws -> String) async throws -> Response {
    do {
        let next = try await save()
        if let saved { req.flash(saved) }
        return .seeOther(next)
    } catch let e as InvalidInput {
        return .html(try await render(FormState(values: fields, errors: e.errors, submitted: form)), status: .unprocessableEntity)
    } catch let e as NeedsConfirmation {
        return .html(e.page)
    } catch let e as EditConflict {
        return .html(try await render(FormState(values: fields, notice: e.reason, submitted: form)), status: .conflict)
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
