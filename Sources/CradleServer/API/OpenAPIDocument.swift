import Vapor
import CradleCore

/// The OpenAPI 3.1 description of `/api/v1`, written by hand; a test checks that it names
/// exactly the routes the server has.
enum OpenAPIDocument {
    static func serve(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static let data: Data = try! JSONSerialization.data(withJSONObject: identified(document), options: [.sortedKeys, .prettyPrinted])

    /// Every operation named (`operationId`, from its method and path: `putPeopleId`) and
    /// described (its summary), for clients generated from the document.
    static func identified(_ doc: [String: Any]) -> [String: Any] {
        var doc = doc
        var paths = doc["paths"] as? [String: [String: Any]] ?? [:]
        for (path, ops) in paths {
            var named = ops
            for (method, op) in ops {
                guard var o = op as? [String: Any] else { continue }
                let words = path.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "") }
                    .flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
                o["operationId"] = method + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                if o["description"] == nil { o["description"] = o["summary"] }
                named[method] = o
            }
            paths[path] = named
        }
        for (path, targets) in createdAt {
            guard var ops = paths[path], var post = ops["post"] as? [String: Any], var responses = post["responses"] as? [String: Any],
                  var created = responses["201"] as? [String: Any] else { continue }
            var links: [String: Any] = [:]
            for target in targets {
                let parts = target.split(separator: " ").map(String.init)
                guard parts.count == 2, let id = (paths[parts[1]]?[parts[0]] as? [String: Any])?["operationId"] as? String else { continue }
                links[id.prefix(1).uppercased() + id.dropFirst()] = ["operationId": id, "parameters": ["id": "$response.body#/id"]]
            }
            created["links"] = links
            responses["201"] = created
            post["responses"] = responses
            ops["post"] = post
            paths[path] = ops
        }
        doc["paths"] = paths
        return doc
    }

    /// What a client may do next with the record a POST created (OpenAPI links, which the
    /// stateful fuzzing follows): each a method and path whose `id` is the created one.
    static let createdAt: [String: [String]] = [
        "/people": ["get /people/{id}", "patch /people/{id}", "put /people/{id}", "get /people/{id}/involvements", "post /people/{id}/involvements",
                    "get /people/{id}/contacts", "post /people/{id}/contacts", "get /people/{id}/notes", "post /people/{id}/notes",
                    "get /people/{id}/consents", "post /people/{id}/consents", "post /people/{id}/reviews", "post /people/{id}/break-glass"],
        "/families/{id}/members": ["get /people/{id}", "patch /people/{id}"],
        "/people/{id}/reviews": ["get /reviews/{id}"],
        "/early-help/requests": ["get /early-help/requests/{id}", "post /early-help/requests/{id}/triage"],
        "/panels": ["get /panels/{id}", "post /panels/{id}/agenda"],
        "/agreements": ["get /agreements/{id}", "put /agreements/{id}"],
    ]

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static var idParameter: [String: Any] { ["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]] }

    static func op(_ summary: String, tag: String, body: String? = nil, response: [String: Any]? = nil, status: String = "200",
                   path: Bool = false, query: [String] = [], auth: Bool = true, replacing: Bool = false, patching: Bool = false) -> [String: Any] {
        var o: [String: Any] = ["summary": summary, "tags": [tag]]
        var params: [[String: Any]] = path ? [idParameter] : []
        for q in query { params.append(["name": q, "in": "query", "required": false, "schema": ["type": "string"]]) }
        if !params.isEmpty { o["parameters"] = params }
        if let body {
            // A PUT replaces the record: every field it must carry is required (null to clear one).
            // A PATCH is a merge patch: any of the fields, null to clear one.
            let schema = replacing ? (APIInput.named(body)?.replaceSchema ?? ref(body))
                : patching ? (APIInput.named(body)?.patchSchema ?? ref(body)) : ref(body)
            var media: [String: Any] = ["schema": schema]
            if let example = examples[body] {
                media["example"] = patching ? ["version": 1, patchedInExample[body]!: example[patchedInExample[body]!]!]
                    : replacing ? example.merging(["version": 1]) { _, b in b } : example
            }
            o["requestBody"] = ["required": true, "content": [patching ? "application/merge-patch+json" : "application/json": media]]
        }
        if replacing || patching {
            params.append(["name": "If-Match", "in": "header", "required": false,
                           "description": "The ETag a read gave (the version), instead of `version` in the body", "schema": ["type": "string"]])
            o["parameters"] = params
        }
        var success: [String: Any] = ["description": "Success", "content": ["application/json": ["schema": response ?? ["type": "object"]]]]
        if replacing || patching { success["headers"] = ["ETag": ["description": "The record's new version, for If-Match", "schema": ["type": "string"]]] }
        // Everything created is at an address; the token exchange (the one unauthenticated
        // operation) creates no resource.
        if status == "201", auth {
            success["headers"] = ["Location": ["description": "The new resource's address", "schema": ["type": "string"]]]
        }
        var responses: [String: Any] = [
            status: success,
            "400": ["description": "The body is not a JSON object, or has a property the operation does not take or a value of the wrong JSON type (`fields` names each)",
                    "content": ["application/problem+json": ["schema": ref("Error")]]],
            "422": ["description": "A field is invalid by a rule the schema cannot state (an NHS number's check digit, a UK postcode, a date of birth in the past, a service involved with the child, a name or date the kind of person needs); `fields` names each one",
                    "content": ["application/problem+json": ["schema": ref("Error")]]],
            "503": ["description": "Every database connection stayed busy; send it again after Retry-After seconds",
                    "content": ["application/problem+json": ["schema": ref("Error")]],
                    "headers": ["Retry-After": ["description": "Seconds to wait", "schema": ["type": "integer"]]]],
        ]
        if auth {
            responses["401"] = ["description": "No valid bearer token", "content": ["application/problem+json": ["schema": ref("Error")]],
                                "headers": ["WWW-Authenticate": ["description": "Bearer realm=\"Cradle API\"", "schema": ["type": "string"]]]]
            responses["403"] = ["description": "The access policy refused", "content": ["application/problem+json": ["schema": ref("Error")]]]
        }
        if body != nil {
            responses["415"] = ["description": patching ? "The body is not sent as application/merge-patch+json or application/json" : "The body is not sent as application/json", "content": ["application/problem+json": ["schema": ref("Error")]]]
        }
        if !auth, body != nil {
            responses["401"] = ["description": "The username or password is not right, or the account is locked",
                                "content": ["application/problem+json": ["schema": ref("Error")]]]
        }
        if path { responses["404"] = ["description": "No such record", "content": ["application/problem+json": ["schema": ref("Error")]]] }
        if body != nil, path { responses["409"] = ["description": "The version sent is not the current one; nothing was saved", "content": ["application/problem+json": ["schema": ref("Error")]]] }
        o["responses"] = responses
        if !auth { o["security"] = [[String: Any]]() }
        return o
    }

    /// A source file in, the import's report out. The body is the file itself.
    /// For system clients: the notify-only credential from `cradle clients add` names the feed.
    static var notifyOperation: [String: Any] {
        var o = op("Send birth or antenatal notifications into the client's own feed (system clients with a notify credential only)",
                   tag: "Notifications", response: ref("ImportReport"))
        o["requestBody"] = ["required": true, "content": [
            "text/csv": ["schema": ["type": "string", "description": "Rows in the feed's CSV columns (docs/imports)"]],
            "application/fhir+json": ["schema": ["type": "object", "description": "A FHIR R4 Bundle: Patient, RelatedPerson and Consent"]]]]
        var responses = o["responses"] as! [String: Any]
        responses["403"] = ["description": "The credential is not a notify credential", "content": ["application/problem+json": ["schema": ref("Error")]]]
        responses["422"] = ["description": "The file is not what the feed sends; nothing was imported", "content": ["application/problem+json": ["schema": ref("Error")]]]
        responses["413"] = ["description": "The file is larger than an import takes", "content": ["application/problem+json": ["schema": ref("Error")]]]
        o["responses"] = responses
        return o
    }

    /// One section of the integrated 2–2½ year review, saved whole: the setting's EYFS
    /// judgements, the WellComm screen, or the outcome and agreed actions.
    static var sectionOperation: [String: Any] {
        let o = op("Save a section of the integrated 2–2½ year review: setting (the early-years setting's EYFS prime areas), wellcomm (result) or outcome (outcome, actions); send the section's version to change one already written",
                   tag: "Reviews", body: "ReviewSectionInput", response: ref("ReviewSection"), path: true)
        return within(o, "section", schema: ["type": "string", "enum": ["setting", "wellcomm", "outcome"]],
                      conflict: "The section was changed since the version sent; nothing was saved")
    }

    /// An operation on something within the record `id` names (a path's second parameter,
    /// `name`), with what a 409 means there when it has one.
    static func within(_ operation: [String: Any], _ name: String, schema: [String: Any] = ["type": "integer", "format": "int64"],
                       conflict: String? = nil) -> [String: Any] {
        var o = operation
        o["parameters"] = [idParameter, ["name": name, "in": "path", "required": true, "schema": schema]]
        if let conflict {
            var responses = o["responses"] as! [String: Any]
            responses["409"] = ["description": conflict, "content": ["application/problem+json": ["schema": ref("Error")]]]
            o["responses"] = responses
        }
        return o
    }

    /// The panel's decision on one agenda family (the front door); a team around the family
    /// opens a plan, named in the item's planId.
    static var itemOperation: [String: Any] {
        let o = op("Record the panel's decision on one agenda family: the discussion, decision and level; a team around the family needs a lead professional (leadId) and opens a plan, an allocation a service",
                   tag: "Early help", body: "PanelDecisionInput", response: ref("PanelItem"), path: true)
        return within(o, "item", conflict: "The panel already decided on this family; nothing was saved")
    }

    /// The audit trail's filters, as on the audit page, and its own cursor (`before`, an entry's
    /// seq: the trail is ordered by it).
    static var auditOperation: [String: Any] {
        var o = op("The audit trail, newest first (the information-governance lead); reading it is itself audited", tag: "Governance",
                   response: array("AuditEntry"))
        let id: [String: Any] = ["type": "integer", "format": "int64", "minimum": 1]
        o["parameters"] = [
            ["name": "person", "in": "query", "required": false, "description": "Entries about this person", "schema": id],
            ["name": "user", "in": "query", "required": false, "description": "Entries by this practitioner", "schema": id],
            ["name": "decision", "in": "query", "required": false, "schema": ["type": "string", "enum": AuditFilter.decisions]],
            ["name": "purpose", "in": "query", "required": false, "schema": APISchemas.oneOf(Purpose.self)],
            ["name": "from", "in": "query", "required": false, "schema": APISchemas.date],
            ["name": "to", "in": "query", "required": false, "schema": APISchemas.date],
            ["name": "before", "in": "query", "required": false, "description": "Entries before this seq: the cursor from the previous page's Link header", "schema": id],
            ["name": "limit", "in": "query", "required": false, "description": "Entries per page",
             "schema": ["type": "integer", "minimum": 1, "maximum": APIPage.maxLimit, "default": APIPage.defaultLimit]],
        ]
        return withNextLink(o)
    }

    /// Moves a programme offer on, at the version read.
    static var offerOperation: [String: Any] {
        let o = op("Move a programme offer on: enrolled or declined, then completed (with its outcome measure and scores) or left early (send the version you read)",
                   tag: "Early help", body: "OfferMoveInput", response: ref("ProgrammeOffer"), path: true)
        return within(o, "offer")
    }

    /// A change to one of a centre's follow-ups or withdrawal notices, answered with the centre.
    static func centreItemOperation(_ item: String, _ summary: String, body: String?) -> [String: Any] {
        within(op(summary, tag: "Centres", body: body, response: ref("Centre"), path: true), item)
    }

    /// Marks one of an open plan's actions done (no body).
    static var actionDoneOperation: [String: Any] {
        within(op("Mark one of an open plan's actions done, today", tag: "Early help", response: ref("Plan"), path: true), "action")
    }

    /// A source's latest imports, by its registered name.
    static var importsOperation: [String: Any] {
        var o = op("A source's imports, newest first, with their reports (records team)", tag: "Person index", response: array("ImportStatus"))
        o["parameters"] = [["name": "source", "in": "path", "required": true, "description": "The source's registered name", "schema": ["type": "string"]]]
        o = paged(o)
        var responses = o["responses"] as! [String: Any]
        responses["404"] = ["description": "No source of that name", "content": ["application/problem+json": ["schema": ref("Error")]]]
        o["responses"] = responses
        return o
    }

    /// One person's access history: the audit trail's filters and cursor, with the person fixed.
    static var personAccessOperation: [String: Any] {
        var o = auditOperation
        o["summary"] = "Who read or changed this person's record, newest first (as the record's access page shows it)"
        o["tags"] = ["People"]
        o["parameters"] = [idParameter] + (o["parameters"] as? [[String: Any]] ?? []).filter { $0["name"] as? String != "person" }
        var responses = o["responses"] as! [String: Any]
        responses["404"] = ["description": "No such record", "content": ["application/problem+json": ["schema": ref("Error")]]]
        o["responses"] = responses
        return o
    }

    /// Every link the person index holds, as CSV; an export of named records, audited as one.
    static var linksExportOperation: [String: Any] {
        var o = op("Every source record with the person it is linked to and how, as CSV (records team; audited as an export)", tag: "Person index")
        var responses = o["responses"] as! [String: Any]
        responses["200"] = ["description": "Success", "content": ["text/csv": ["schema": ["type": "string"]]]]
        o["responses"] = responses
        return o
    }

    static var importOperation: [String: Any] {
        var o = op("Import one file from a registered source into the person index (records team only)", tag: "Person index",
                   response: ref("ImportReport"))
        o["parameters"] = [["name": "source", "in": "path", "required": true, "description": "The source's registered name", "schema": ["type": "string"]],
                           ["name": "X-File-Name", "in": "header", "required": false, "schema": ["type": "string"]]]
        // A synthetic register row and Bundle (test-range NHS number, fictional postcode).
        let csv = "record_id,given_name,family_name,date_of_birth,nhs_number,sex,postcode\nCC-0001,Amelia,Okafor,2026-03-14,9990000018,F,ZY1 1AB\n"
        let bundle: [String: Any] = ["resourceType": "Bundle", "type": "collection", "entry": [["resource": [
            "resourceType": "Patient", "id": "cc-0001", "identifier": [["system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018"]],
            "name": [["family": "Okafor", "given": ["Amelia"]]], "gender": "female", "birthDate": "2026-03-14",
            "address": [["postalCode": "ZY1 1AB"]]]]]]
        o["requestBody"] = ["required": true, "content": [
            "text/csv": ["schema": ["type": "string"], "example": csv],
            "application/fhir+json": ["schema": ["type": "object", "description": "A FHIR R4 Bundle of UK Core Patient and RelatedPerson"], "example": bundle],
            "application/json": ["schema": ["type": "object"], "example": bundle]]]
        var responses = o["responses"] as! [String: Any]
        responses["404"] = ["description": "No source of that name", "content": ["application/problem+json": ["schema": ref("Error")]]]
        responses["422"] = ["description": "The file is not what the source sends; nothing was imported", "content": ["application/problem+json": ["schema": ref("Error")]]]
        responses["413"] = ["description": "The file is larger than an import takes", "content": ["application/problem+json": ["schema": ref("Error")]]]
        o["responses"] = responses
        return o
    }

    /// A body each operation could send, as a practitioner's system would (synthetic: the
    /// NHS number is in the 999 test range).
    static var examples: [String: [String: Any]] {
        ["Credentials": ["username": "health.visitor", "password": "your password", "name": "Clinic system"],
         "PersonInput": ["kind": "child", "relationship": "child", "givenName": "Amelia", "familyName": "Okafor", "sex": "female",
                         "dateOfBirth": "2026-03-14", "expectedDeliveryDate": NSNull(), "nhsNumber": "9990000018", "gestationWeeks": 39,
                         "birthWeightGrams": 3350, "postcode": "ZY1 1AB", "addressLine": "12 Beech Grove"],
         "FamilyInput": ["name": "Okafor family"],
         "InvolvementInput": ["serviceId": 2, "wholeFamily": true, "startDate": "2026-03-20", "endDate": NSNull(),
                              "leadPractitionerId": 4, "lawfulBasis": "universal_service"],
         "ContactInput": ["serviceId": 2, "date": "2026-03-28", "type": "new_birth_visit", "place": "home", "outcome": "attended"],
         "NoteInput": ["body": "Weighed at clinic; feeding well.", "visibility": "team"],
         "ConsentInput": ["purpose": "birth_details_to_childrens_centres", "status": "given", "givenBy": "Mother (parental responsibility)",
                          "date": "2026-03-28", "method": "first_visit", "recipientKinds": ["childrens_centre"], "recipientOrganisations": [Int]()],
         "ReviewInput": ["review": "two_years", "date": "2026-11-20", "place": "clinic", "method": "face_to_face", "practitionerType": "scphn",
                         "interval": 27, "communication": ["yes", "yes", "sometimes", "yes", "not_yet", "yes"],
                         "gross_motor": ["yes", "yes", "yes", "yes", "yes", "sometimes"], "fine_motor": ["yes", "yes", "yes", "sometimes", "yes", ""],
                         "problem_solving": ["yes", "yes", "yes", "yes", "sometimes", "yes"], "personal_social": ["yes", "yes", "yes", "yes", "yes", "yes"],
                         "asqse2": 25, "concerns": [String]()],
         "ReviewSectionInput": ["outcome": "Developing well; WellComm green.", "actions": "Nursery to share next steps at the next review"],
         "SupportRequestInput": ["personId": 12, "concerns": ["speech_and_language", "isolation"], "consent": true, "suggestedLevel": 2,
                                 "details": "Mother new to the area, no family nearby; child not yet talking at 2."],
         "TriageInput": ["outcome": "allocate", "level": 2, "rationale": "Universal plus: family support worker and a speech group", "serviceId": 5,
                         "version": 1],
         "PanelInput": ["name": "Family Matters — North", "meetsAt": "2026-12-10T10:00", "place": "Fernmoor Family Hub", "members": [3, 4, 7]],
         "AgendaItemInput": ["familyId": 9, "personId": 12, "requestId": 6, "source": "triage", "reason": "Request 6: domestic abuse, isolation"],
         "PanelDecisionInput": ["discussion": "Health visitor and centre both involved; mother wants support.", "decision": "team_around_the_family",
                                "level": 3, "leadId": 4],
         "PlanGoalInput": ["goal": "Ruby goes to bed calmly most nights", "measure": "Sleep diary: 5 of 7 nights", "concern": "parenting",
                           "owner": "Parents with the family support worker", "targetDate": "2027-03-01"],
         "PlanActionInput": ["action": "Stay-and-play at the children's centre", "owner": "Children's centre", "dueDate": "2026-12-20"],
         "PlanReviewInput": ["heldOn": "2026-12-04", "progress": "Routine in place on most nights.", "familyView": "Things feel calmer.",
                             "level": 2, "nextReview": "2027-01-29"],
         "PlanClosureInput": ["closure": "needs_met", "closureNote": "Goals met; the family knows how to come back.", "version": 3],
         "RegistrationInput": ["personId": 12, "registeredOn": "2026-12-03", "consentToStore": true, "month": "2026-11"],
         "LinkDecisionInput": ["decision": "accept"],
         "PlanMemberInput": ["kind": "family", "name": "Grandmother", "role": "Childcare on Tuesdays"],
         "PlanStepInput": ["stepLevel": 2, "stepReason": "Goals met; universal plus from the centre is enough"],
         "AttendanceInput": ["attended": [3, 4]],
         "MergeInput": ["keptPersonId": 12, "mergedPersonId": 57, "reason": "Same child: NHS number and date of birth agree"],
         "BreakGlassReviewInput": ["outcome": "appropriate", "note": "Out-of-hours safeguarding call; verified with the duty team"],
         "AgreementInput": ["name": "Fernmoor early years sharing agreement", "parties": [1, 2, 3], "purposes": ["direct_care"],
                            "categories": ["demographics", "services_involved"], "lawfulBasis": "direct_care", "status": "operational",
                            "startDate": "2026-04-01", "reviewDate": "2027-04-01", "caldicottGuardian": "Dr A Example", "siro": "B Example",
                            "dpo": "C Example"],
         "OpenPlanInput": ["leadId": 4],
         "ProgrammeOfferInput": ["programme": "triple_p_4"],
         "OfferMoveInput": ["status": "completed", "measure": "SDQ total difficulties", "baseline": 18, "final": 11, "version": 2],
         "ActivityInput": ["title": "Stay and play", "when": "Tuesdays 10–11:30", "place": "Main hall", "description": "Play, songs and a cuppa for babies and toddlers with their grown-ups."],
         "CentreDetailsInput": ["address": "1 Example Road, Fernmoor ZY1 1AA", "phone": "0113 496 0100", "openingTimes": "Monday to Friday 9am–5pm"],
         "FollowUpOutcomeInput": ["ownerId": 9, "outcome": "Phoned; new appointment booked for next week"],
         "FamilyJourneyInput": ["money": 4, "home": 7, "healthAndWellbeing": 5, "priorities": ["money"], "goodAt": "We laugh a lot together.",
                                "wantToChange": "Getting on top of the bills.", "actions": "Book a session with the money advice service."],
         "ServiceLevelInput": ["level": "universal_plus", "reason": "Low mood after the birth; extra visits agreed with mum"],
         "AdviceInput": ["caller": "professional", "callerName": "Nursery manager", "organisation": "Little Acorns Nursery",
                         "topic": "A child often arrives hungry", "advice": "Talk to the parent first; the centre's food bank referral is open to them."],
         "SourceInput": ["name": "maternity", "kind": "maternity", "format": "csv"],
         "AccountInput": ["username": "new.visitor", "displayName": "Sam Example", "profession": "health_visitor", "organisationId": 2],
         "AccountActiveInput": ["active": false],
         "BreakGlassInput": ["reason": "Out-of-hours call about the child's safety; the allocated worker cannot be reached"]]
    }

    /// The one field each PATCH example changes.
    static let patchedInExample = ["PersonInput": "givenName", "FamilyInput": "name", "InvolvementInput": "leadPractitionerId",
                                   "ContactInput": "outcome", "NoteInput": "body", "AgreementInput": "status"]

    /// A list operation with `APIPage`'s parameters (and its own filters), and the `Link` to
    /// the next page.
    static func paged(_ operation: [String: Any], filters: [[String: Any]] = []) -> [String: Any] {
        var o = operation
        o["parameters"] = (o["parameters"] as? [[String: Any]] ?? []) + [
            ["name": "limit", "in": "query", "required": false, "description": "Rows per page",
             "schema": ["type": "integer", "minimum": 1, "maximum": APIPage.maxLimit, "default": APIPage.defaultLimit]],
            ["name": "after", "in": "query", "required": false, "description": "The cursor from the previous page's Link header",
             "schema": ["type": "string", "maxLength": 64]],
        ] + filters
        return withNextLink(o)
    }

    /// A list's 200 with the `Link` to its next page.
    static func withNextLink(_ operation: [String: Any]) -> [String: Any] {
        var o = operation
        var responses = o["responses"] as! [String: Any]
        var ok = responses["200"] as! [String: Any]
        ok["headers"] = ["Link": ["description": "<address of the next page>; rel=\"next\", when there is one", "schema": ["type": "string"]]]
        responses["200"] = ok
        o["responses"] = responses
        return o
    }

    static func array(_ name: String) -> [String: Any] { ["type": "array", "items": ref(name)] }

    static func strings(_ names: [String], required: [String] = [], enums: [String: [String]] = [:]) -> [String: Any] {
        var props: [String: Any] = [:]
        for n in names {
            var p: [String: Any] = ["type": "string"]
            if let e = enums[n] { p["enum"] = e }
            props[n] = p
        }
        return ["type": "object", "properties": props, "required": required]
    }

    static func values<V: Vocabulary>(_ t: V.Type) -> [String] { V.allCases.map(\.rawValue) }

    static var document: [String: Any] {
        return [
            "openapi": "3.1.0",
            "info": ["title": "Cradle API", "version": "1.0.0",
                     "description": "The integrated early-years record. Every call is decided by the access policy. Dates are YYYY-MM-DD. Every answer carries Cache-Control: no-store; a method an address does not take is answered 405 with an Allow header."],
            "servers": [["url": "/api/v1"]],
            "security": [["bearer": [String]()]],
            "paths": [
                "/tokens": ["post": op("Exchange a username and password for a bearer token", tag: "Auth", body: "Credentials", response: ref("Token"), status: "201", auth: false),
                            "get": op("Your own API tokens, newest first (never their values)", tag: "Auth", response: array("TokenRow"))],
                "/tokens/{id}/revoke": ["post": op("Revoke one of your own tokens", tag: "Auth", response: ref("TokenRow"), path: true)],
                "/search": ["get": op("Find children by NHS number, by family name and date of birth, or by postcode", tag: "People",
                                      response: APISchemas.object(["results": array("SearchResult")]),
                                      query: ["nhsNumber", "familyName", "givenName", "dateOfBirth", "postcode"])],
                "/people": ["post": op("Create a person (a new family unless familyId is given)", tag: "People", body: "PersonInput", response: ref("Created"), status: "201")],
                "/people/{id}": [
                    "get": op("A person's record: demographics, addresses, family and services involved", tag: "People", response: ref("Record"), path: true),
                    "put": op("Edit a person (send the version you read)", tag: "People", body: "PersonInput", response: ref("Person"), path: true, replacing: true),
                    "patch": op("Change some of a person's fields (a merge patch: null clears a field, one left out is kept)", tag: "People", body: "PersonInput", response: ref("Person"), path: true, patching: true),
                ],
                "/families/{id}": [
                    "get": op("A family and its members", tag: "Families", response: ref("Family"), path: true),
                    "put": op("Rename a family (send the version you read)", tag: "Families", body: "FamilyInput", response: ref("Family"), path: true, replacing: true),
                    "patch": op("Rename a family (a merge patch)", tag: "Families", body: "FamilyInput", response: ref("Family"), path: true, patching: true),
                ],
                "/families/{id}/members": ["post": op("Add a person to a family", tag: "Families", body: "PersonInput", response: ref("Created"), status: "201", path: true)],
                "/people/{id}/involvements": [
                    "get": op("Services involved with the person or their family", tag: "Services", response: array("Involvement"), path: true),
                    "post": op("Involve a service", tag: "Services", body: "InvolvementInput", response: ref("Created"), status: "201", path: true),
                ],
                "/involvements/{id}": ["put": op("Change or end an involvement", tag: "Services", body: "InvolvementInput", response: ref("Involvement"), path: true, replacing: true),
                                       "patch": op("Change some of an involvement's fields, or end it (a merge patch)", tag: "Services", body: "InvolvementInput", response: ref("Involvement"), path: true, patching: true)],
                "/people/{id}/contacts": [
                    "get": paged(op("Contacts and appointments, newest first", tag: "Contacts", response: array("Contact"), path: true), filters: [
                        ["name": "since", "in": "query", "required": false, "description": "Only contacts on or after this day", "schema": APISchemas.date],
                        ["name": "type", "in": "query", "required": false, "schema": APISchemas.oneOf(ContactType.self)]]),
                    "post": op("Record a contact or appointment", tag: "Contacts", body: "ContactInput", response: ref("Created"), status: "201", path: true),
                ],
                "/contacts/{id}": ["put": op("Change a contact (for example its outcome)", tag: "Contacts", body: "ContactInput", response: ref("Contact"), path: true, replacing: true),
                                   "patch": op("Change some of a contact's fields, for example its outcome (a merge patch)", tag: "Contacts", body: "ContactInput", response: ref("Contact"), path: true, patching: true)],
                "/people/{id}/notes": [
                    "get": paged(op("Case notes the reader may see, newest first (a page may hold fewer than limit: notes kept from the reader are left out)", tag: "Notes", response: array("Note"), path: true)),
                    "post": op("Write a case note", tag: "Notes", body: "NoteInput", response: ref("Created"), status: "201", path: true),
                ],
                "/notes/{id}": ["put": op("Correct your own note", tag: "Notes", body: "NoteInput", response: ref("Note"), path: true, replacing: true),
                                "patch": op("Correct part of your own note (a merge patch)", tag: "Notes", body: "NoteInput", response: ref("Note"), path: true, patching: true)],
                "/people/{id}/consents": [
                    "get": op("The family's consent decisions for the child, newest first; current marks the one in force for each purpose", tag: "Governance",
                              response: array("Consent"), path: true),
                    "post": op("Record a consent decision (given, refused or withdrawn); a withdrawal takes effect at once", tag: "Governance",
                               body: "ConsentInput", response: ref("Created"), status: "201", path: true),
                ],
                "/people/{id}/break-glass": ["post": op("Open emergency access to a child you have no relationship with, for the policy's hours; every one is reviewed",
                                                        tag: "Governance", body: "BreakGlassInput", response: ref("BreakGlassGrant"), status: "201", path: true)],
                "/people/{id}/reviews": ["post": op("Record a Healthy Child Programme review; at 2–2½ years with ASQ-3 (six answers an area, \"\" for one not answered), ASQ:SE-2 and concerns. The questionnaire must suit the child's age",
                                                    tag: "Reviews", body: "ReviewInput", response: ref("Created"), status: "201", path: true)],
                "/reviews/{id}": ["get": op("A review: ASQ-3 scores against the cut-offs, ASQ:SE-2, the pathways they propose and the integrated review's sections",
                                            tag: "Reviews", response: ref("Review"), path: true)],
                "/reviews/{id}/sections/{section}": ["put": sectionOperation],
                "/worklist": ["get": op("Reviews due, upcoming and overdue for your teams' children, most urgent first", tag: "Reviews",
                                        response: array("Due"), query: ["mine"])],
                "/early-help/requests": ["post": op("Ask the early help front door for support for a family, with the family's agreement (consent: true); name a child Cradle knows by personId, another by name",
                                                    tag: "Early help", body: "SupportRequestInput", response: ref("Created"), status: "201")],
                "/early-help/requests/{id}": ["get": op("A request for support, with its 48-hour triage clock and, once triaged, the decision", tag: "Early help",
                                                        response: ref("SupportRequest"), path: true)],
                "/early-help/requests/{id}/triage": ["post": op("Triage a request (the front door): the outcome, level of need and rationale; link it to the child's record (personId) before allocating, taking to panel or stepping up. Send the version you read",
                                                                tag: "Early help", body: "TriageInput", response: ref("SupportRequest"), path: true)],
                "/early-help/triage": ["get": op("Requests waiting for triage, oldest first, with their clocks (the front door)", tag: "Early help",
                                                 response: array("SupportRequest"))],
                "/early-help/advice": ["get": paged(op("The advice line's log, newest first (the front door)", tag: "Early help", response: array("Advice"))),
                                       "post": op("Log a call to the advice line: who called, what they asked and the advice given; a family may be named",
                                                  tag: "Early help", body: "AdviceInput", response: ref("Created"), status: "201")],
                "/caseload": ["get": op("Your early help caseload: plans you lead or belong to, requests you made, panels you sit on, and your teams' plans per lead professional",
                                        tag: "Early help", response: ref("Caseload"))],
                "/panels": ["get": paged(op("Multi-agency panels, newest first (the front door)", tag: "Early help", response: array("PanelSummary"))),
                            "post": op("Arrange a panel: when (YYYY-MM-DDTHH:MM), where, and its members (practitioner ids)", tag: "Early help",
                                       body: "PanelInput", response: ref("Created"), status: "201")],
                "/panels/{id}": ["get": op("A panel: its members, agenda and decisions (members and the front door, for the panel's purpose)",
                                           tag: "Early help", response: ref("Panel"), path: true)],
                "/panels/{id}/agenda": ["post": op("Put a family on the panel's agenda, with why (the front door)", tag: "Early help",
                                                   body: "AgendaItemInput", response: ref("Created"), status: "201", path: true)],
                "/panels/{id}/items/{item}/decision": ["post": itemOperation],
                "/plans/{id}": ["get": op("A team-around-the-family plan: its team, goals, actions and reviews (the team and the front door)",
                                          tag: "Early help", response: ref("Plan"), path: true)],
                "/plans/{id}/goals": ["post": op("Add a goal to an open plan (the lead professional or the front door)", tag: "Early help",
                                                 body: "PlanGoalInput", response: ref("Plan"), path: true)],
                "/plans/{id}/actions": ["post": op("Add an action to an open plan", tag: "Early help", body: "PlanActionInput", response: ref("Plan"), path: true)],
                "/plans/{id}/members": ["post": op("Add a practitioner (from the directory) or a family member to the plan's team", tag: "Early help",
                                                   body: "PlanMemberInput", response: ref("Plan"), path: true)],
                "/plans/{id}/actions/{action}/done": ["post": actionDoneOperation],
                "/plans/{id}/step": ["post": op("Step the family up or down the continuum of need, with why", tag: "Early help",
                                                body: "PlanStepInput", response: ref("Plan"), path: true)],
                "/panels/{id}/attendance": ["post": op("Record who of the panel's members attended (the front door)", tag: "Early help",
                                                       body: "AttendanceInput", response: ref("Panel"), path: true)],
                "/merges": ["get": paged(op("Merges and their unmerges, newest first (records team)", tag: "Person index", response: array("Merge"))),
                            "post": op("Merge one person into another, undoably; refused for two NHS numbers or a child and an adult", tag: "Person index",
                                       body: "MergeInput", response: ref("Created"), status: "201")],
                "/merges/{id}/unmerge": ["post": op("Undo a merge: the merged person is separate again with the records, contacts and notes they brought",
                                                    tag: "Person index", response: ref("Merge"), path: true)],
                "/families/{id}/early-help": ["get": op("A family's early help: level of need with its history, requests, plans, programme offers and FNP eligibility",
                                                        tag: "Early help", response: ref("FamilyEarlyHelp"), path: true)],
                "/families/{id}/plans": ["post": op("Open a team around the family with its lead professional, without a panel (the front door)", tag: "Early help",
                                                    body: "OpenPlanInput", response: ref("Created"), status: "201", path: true)],
                "/families/{id}/programmes": ["post": op("Offer the family a programme from the catalogue; FNP outside its criteria only with a reason (outsideCriteria)",
                                                         tag: "Early help", body: "ProgrammeOfferInput", response: ref("Created"), status: "201", path: true)],
                "/families/{id}/programmes/{offer}": ["post": offerOperation],
                "/families/{id}/journey": [
                    "get": op("The family's own assessments (\"Our family journey\"): ratings 1–10 by area, what they are good at and want to change, priorities and actions; and the family's health-visiting service level with its history",
                              tag: "Families", response: ref("FamilyJourneys"), path: true),
                    "post": op("Record the family's journey today: a rating for at least one area (money, home, relationships, healthAndWellbeing, childrensDevelopment, workAndLearning, familyAndFriends, keepingSafe), priorities among those rated, and their own words",
                               tag: "Families", body: "FamilyJourneyInput", response: ref("FamilyJourneys"), status: "201", path: true),
                ],
                "/families/{id}/service-level": ["post": op("Set the family's health-visiting service level from today, with why", tag: "Families",
                                                            body: "ServiceLevelInput", response: ref("FamilyJourneys"), path: true)],
                "/accounts": ["get": paged(op("Practitioners' accounts, newest first (administrators, who cannot read records)", tag: "Accounts", response: array("Account"))),
                              "post": op("Add a practitioner's account; the answer carries the one-time link for them to set their own password, shown only now",
                                         tag: "Accounts", body: "AccountInput", response: APISchemas.object(["id": APISchemas.id, "username": APISchemas.text, "setupLink": APISchemas.text]),
                                         status: "201")],
                "/accounts/{id}/active": ["post": op("Deactivate (their API tokens stop with them) or reactivate an account", tag: "Accounts",
                                                     body: "AccountActiveInput", response: ref("Account"), path: true)],
                "/accounts/{id}/unlock": ["post": op("Lift an account's sign-in lockout", tag: "Accounts", response: ref("Account"), path: true)],
                "/people/{id}/access": ["get": personAccessOperation],
                "/early-help/programmes": ["get": op("The evidence-based programmes a family may be offered, with their EIF ratings and ages served (months; negative is pregnancy)",
                                                     tag: "Early help", response: array("Programme"))],
                "/links/export": ["get": linksExportOperation],
                "/agreements": ["get": op("Information-sharing agreements, enforced on every access (the information-governance lead)", tag: "Governance",
                                          response: array("Agreement")),
                                "post": op("Make an agreement between at least two organisations: purposes, data categories, lawful basis, status and signatories",
                                           tag: "Governance", body: "AgreementInput", response: ref("Created"), status: "201")],
                "/agreements/{id}": ["get": op("An agreement", tag: "Governance", response: ref("Agreement"), path: true),
                                     "put": op("Replace an agreement (send the version you read); it applies from the next access decision", tag: "Governance",
                                               body: "AgreementInput", response: ref("Agreement"), path: true, replacing: true),
                                     "patch": op("Change some of an agreement's fields (a merge patch: null clears a field, one left out is kept)", tag: "Governance",
                                                 body: "AgreementInput", response: ref("Agreement"), path: true, patching: true)],
                "/break-glass": ["get": paged(op("Every emergency access, newest first, or only those not yet reviewed (the information-governance lead)", tag: "Governance",
                                                 response: array("BreakGlass")),
                                              filters: [["name": "unreviewed", "in": "query", "required": false, "schema": ["type": "string", "enum": ["true", "false"]]]])],
                "/break-glass/{id}/review": ["post": op("Judge one emergency access appropriate or not, with a note; recorded once", tag: "Governance",
                                                        body: "BreakGlassReviewInput", response: ref("BreakGlass"), path: true)],
                "/plans/{id}/reviews": ["post": op("Record a plan review: progress, the family's view, the level of need now and the next review within the cadence",
                                                   tag: "Early help", body: "PlanReviewInput", response: ref("Plan"), path: true)],
                "/plans/{id}/close": ["post": op("Close a plan with its outcome and a summary (send the version you read)", tag: "Early help",
                                                 body: "PlanClosureInput", response: ref("Plan"), path: true)],
                "/centres/{id}": ["get": op("A children's centre's list for a month (YYYY-MM, this month when left out): new births whose families consented, who is registered, babies on the way, and its activities (the centre's own staff)",
                                            tag: "Centres", response: ref("Centre"), path: true, query: ["month"])],
                "/centres/{id}/registrations": ["post": op("Register a child from the centre's list, with the family's agreement to the centre keeping their details (consentToStore: true)",
                                                           tag: "Centres", body: "RegistrationInput", response: ref("Registration"), status: "201", path: true)],
                "/centres/{id}/activities": ["post": op("Add an activity families can come to (the centre's own staff); answers the centre", tag: "Centres",
                                                        body: "ActivityInput", response: ref("Centre"), path: true)],
                "/centres/{id}/details": ["put": op("Set how families reach the centre: address, UK phone number and opening times (the welcome card prints them)",
                                                    tag: "Centres", body: "CentreDetailsInput", response: ref("Centre"), path: true)],
                "/centres/{id}/follow-ups/{followup}": ["post": centreItemOperation("followup", "Close a missed-appointment follow-up: who followed it up (a member of the centre's staff) and what came of it", body: "FollowUpOutcomeInput")],
                "/centres/{id}/notices/{notice}/done": ["post": centreItemOperation("notice", "Say the centre erased its copies of a month's list after a family withdrew consent", body: nil)],
                "/reports/timeliness": ["get": op("OHID timeliness and ASQ-3 outcome metrics for a quarter (2026Q2 or 2026/27 Q2; the latest complete one when left out) and the three before it, by borough, locality and team within your scope; counts through disclosure control",
                                                  tag: "Reports", response: ref("Timeliness"), query: ["quarter"])],
                "/reports/reach": ["get": op("Births, consent, centres' lists, registration and being seen over the last 12 months, by centre, locality and month within your scope; counts through disclosure control",
                                             tag: "Reports", response: ref("Reach"))],
                "/link-reviews": ["get": paged(op("The person index's link reviews with a status (open unless asked), newest first (records team)", tag: "Person index",
                                                  response: array("LinkReview")),
                                               filters: [["name": "status", "in": "query", "required": false,
                                                          "schema": ["type": "string", "enum": ["open", "accepted", "rejected"], "default": "open"]]])],
                "/link-reviews/{id}": ["get": op("A link review with the comparisons that weighed for and against", tag: "Person index", response: ref("LinkReview"), path: true),
                                       "post": op("Decide a link review: accept merges the two people (undoably, as a merge), reject keeps them apart; decided once",
                                                  tag: "Person index", body: "LinkDecisionInput", response: ref("LinkReview"), path: true)],
                "/audit": ["get": auditOperation],
                "/services": ["get": op("Services that can be involved", tag: "Directory", response: array("Service"))],
                "/practitioners": ["get": op("Practitioners who can lead or record work", tag: "Directory", response: array("Practitioner"))],
                "/sources": ["get": op("The registered source systems, with their record counts and last import (records team)", tag: "Person index",
                                       response: array("Source")),
                             "post": op("Register a source system: a short unique name (its imports' address), its kind and format", tag: "Person index",
                                        body: "SourceInput", response: ref("Created"), status: "201")],
                "/sources/{source}/imports": ["post": importOperation, "get": importsOperation],
                "/notifications": ["post": notifyOperation],
                "/imports/{id}": ["get": op("An import's report, by the id its upload returned (records team only)", tag: "Person index",
                                            response: ref("ImportStatus"), path: true)],
                "/openapi.json": ["get": op("This document", tag: "Meta", auth: false)],
            ],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": [
                    "Credentials": APIInput.credentials.schema,
                    "Token": APISchemas.token,
                    "Created": APISchemas.object(["id": APISchemas.id]),
                    "ImportReport": APISchemas.importReport,
                    "ImportStatus": APISchemas.importStatus,
                    "Error": ["type": "object", "description": "An RFC 9457 problem; `fields` names each field in error",
                              "required": ["type", "title", "status", "detail", "fields"], "properties": [
                        "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"], "detail": ["type": "string"],
                        "fields": ["type": "array", "items": strings(["field", "problem"], required: ["field", "problem"])]]],
                    "PersonInput": APIInput.person.schema,
                    "FamilyInput": APIInput.family.schema,
                    "InvolvementInput": APIInput.involvement.schema,
                    "ContactInput": APIInput.contact.schema,
                    "NoteInput": APIInput.note.schema,
                    "Person": APISchemas.person,
                    "SearchResult": APISchemas.searchResult,
                    "Address": APISchemas.address,
                    "Involvement": APISchemas.involvement,
                    "ContactCounts": APISchemas.contactCounts,
                    "Record": APISchemas.object([
                        "person": ref("Person"), "addresses": array("Address"), "family": array("Person"),
                        "servicesInvolved": ["type": "array", "items": APISchemas.object(["involvement": ref("Involvement")],
                                                                                          optional: ["contacts": ref("ContactCounts")])]]),
                    "Family": APISchemas.object(["family": APISchemas.family, "members": array("Person")]),
                    "Contact": APISchemas.contact,
                    "Note": APISchemas.note,
                    "ConsentInput": APIInput.consent.schema,
                    "BreakGlassInput": APIInput.breakGlass.schema,
                    "Consent": APISchemas.consent,
                    "BreakGlassGrant": APISchemas.object(["personId": APISchemas.id, "hours": ["type": "integer", "minimum": 1], "reason": APISchemas.text]),
                    "ReviewInput": APIInput.review.schema,
                    "ReviewSectionInput": APIInput.reviewSection.schema,
                    "Review": APISchemas.review,
                    "ReviewSection": APISchemas.reviewSection,
                    "Due": APISchemas.due,
                    "SupportRequestInput": APIInput.supportRequest.schema,
                    "TriageInput": APIInput.triage.schema,
                    "SupportRequest": APISchemas.supportRequest,
                    "PanelInput": APIInput.panel.schema,
                    "AgendaItemInput": APIInput.agendaItem.schema,
                    "PanelDecisionInput": APIInput.panelDecision.schema,
                    "PlanGoalInput": APIInput.planGoal.schema,
                    "PlanActionInput": APIInput.planAction.schema,
                    "PlanReviewInput": APIInput.planReview.schema,
                    "PlanClosureInput": APIInput.planClosure.schema,
                    "PanelSummary": APISchemas.panelSummary,
                    "Panel": APISchemas.panel,
                    "PanelItem": APISchemas.panelItem,
                    "Plan": APISchemas.plan,
                    "RegistrationInput": APIInput.registration.schema,
                    "LinkDecisionInput": APIInput.linkDecision.schema,
                    "Centre": APISchemas.centre,
                    "Registration": APISchemas.registration,
                    "Timeliness": APISchemas.timeliness,
                    "Reach": APISchemas.reach,
                    "LinkReview": APISchemas.linkReview,
                    "AuditEntry": APISchemas.auditEntry,
                    "PlanMemberInput": APIInput.planMember.schema,
                    "PlanStepInput": APIInput.planStep.schema,
                    "AttendanceInput": APIInput.attendance.schema,
                    "MergeInput": APIInput.merge.schema,
                    "BreakGlassReviewInput": APIInput.breakGlassReview.schema,
                    "Merge": APISchemas.merge,
                    "BreakGlass": APISchemas.breakGlass,
                    "AgreementInput": APIInput.agreement.schema,
                    "Agreement": APISchemas.agreement,
                    "OpenPlanInput": APIInput.openPlan.schema,
                    "ProgrammeOfferInput": APIInput.programmeOffer.schema,
                    "OfferMoveInput": APIInput.offerMove.schema,
                    "FamilyEarlyHelp": APISchemas.familyEarlyHelp,
                    "ProgrammeOffer": APISchemas.programmeOffer,
                    "ActivityInput": APIInput.activity.schema,
                    "CentreDetailsInput": APIInput.centreDetails.schema,
                    "FollowUpOutcomeInput": APIInput.followUpOutcome.schema,
                    "FamilyJourneyInput": APIInput.journey.schema,
                    "ServiceLevelInput": APIInput.serviceLevel.schema,
                    "FamilyJourneys": APISchemas.familyJourneys,
                    "AdviceInput": APIInput.advice.schema,
                    "Advice": APISchemas.advice,
                    "Caseload": APISchemas.caseload,
                    "SourceInput": APIInput.source.schema,
                    "Source": APISchemas.source,
                    "AccountInput": APIInput.account.schema,
                    "AccountActiveInput": APIInput.accountActive.schema,
                    "Account": APISchemas.account,
                    "Programme": APISchemas.programme,
                    "TokenRow": APISchemas.tokenRow,
                    "Service": APISchemas.service,
                    "Practitioner": APISchemas.practitioner,
                ],
            ],
        ]
    }
}
