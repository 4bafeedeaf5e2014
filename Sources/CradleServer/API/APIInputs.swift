import Foundation
import CradleCore

/// The JSON bodies the API takes, field by field with their JSON types: what a request is
/// checked against before anything reads it, and what the OpenAPI document says. One list,
/// so the document cannot promise one type while the server takes another.
struct APIInput: Sendable {
    enum Kind: Sendable { case string, date, integer, number, boolean, strings, integers }

    var name: String
    var fields: [(name: String, kind: Kind)]
    var required: [String]
    var enums: [String: [String]] = [:]
    /// Fields a PUT must carry, null to clear one: a PUT replaces the record, so a field left
    /// out is refused rather than erased. (Not the version, which may come as If-Match; not
    /// instructions such as a new address, which say "move" only when sent.)
    var onReplace: [String] = []
    /// Bounds the schema states beyond the type (the forms' own ranges and lengths).
    var limits: [String: [String: Int]] = [:]

    /// The OpenAPI schema of this body.
    var schema: [String: Any] {
        var props: [String: Any] = [:]
        for (name, kind) in fields {
            var p: [String: Any]
            switch kind {
            case .string: p = ["type": "string"]
            case .date: p = ["type": "string", "format": "date"]
            case .integer: p = ["type": "integer", "format": "int64", "minimum": Int64.min, "maximum": Int64.max]
            case .number: p = ["type": "number"]
            case .boolean: p = ["type": "boolean"]
            case .strings: p = ["type": "array", "items": enums[name].map { ["type": "string", "enum": $0] } ?? ["type": "string"]]
            case .integers: p = ["type": "array", "items": ["type": "integer", "format": "int64", "minimum": 1, "maximum": Int64.max]]
            }
            if let e = enums[name], kind != .strings { p["enum"] = e }
            p.merge(limits[name] ?? [:]) { _, b in b }
            props[name] = required.contains(name) ? p : Self.nullable(p)
        }
        return ["type": "object", "properties": props, "required": required, "additionalProperties": false]
    }

    /// A field that may be sent as null (left out): its type with "null" beside it, the form
    /// generated clients read as an optional (a `oneOf` with a null schema they skip).
    static func nullable(_ p: [String: Any]) -> [String: Any] {
        var p = p
        if let t = p["type"] as? String { p["type"] = [t, "null"] }
        if let e = p["enum"] as? [String] { p["enum"] = e.map { $0 as Any } + [NSNull()] }
        return p
    }

    /// The schema of a PATCH's body (a JSON merge patch): the same fields, none required; a
    /// field sent replaces the stored one, null clears it, and one left out is unchanged.
    var patchSchema: [String: Any] {
        var s = schema
        var props = s["properties"] as? [String: [String: Any]] ?? [:]
        for r in required { props[r] = props[r].map(Self.nullable) }
        s["properties"] = props
        s["required"] = [String]()
        return s
    }

    /// The schema of a PUT's body: the same fields, with every one a PUT must carry required.
    var replaceSchema: [String: Any] {
        var s = schema
        s["required"] = required + onReplace.filter { !required.contains($0) }
        return s
    }

    static func named(_ name: String) -> APIInput? { all.first { $0.name == name } }

    static func values<V: Vocabulary>(_ t: V.Type) -> [String] { V.allCases.map(\.rawValue) }

    static let credentials = APIInput(name: "Credentials", fields: [("username", .string), ("password", .string), ("name", .string)],
                                      required: ["username", "password"])
    static let person = APIInput(name: "PersonInput", fields: [
        ("kind", .string), ("relationship", .string), ("givenName", .string), ("familyName", .string), ("sex", .string),
        ("dateOfBirth", .date), ("expectedDeliveryDate", .date), ("nhsNumber", .string), ("gestationWeeks", .integer),
        ("birthWeightGrams", .integer), ("postcode", .string), ("addressLine", .string), ("familyId", .integer), ("version", .integer)],
        required: ["kind", "givenName", "familyName", "sex"],
        enums: ["kind": values(PersonKind.self), "relationship": values(Relationship.self), "sex": values(Sex.self)],
        onReplace: ["kind", "relationship", "givenName", "familyName", "sex", "dateOfBirth", "expectedDeliveryDate", "nhsNumber",
                    "gestationWeeks", "birthWeightGrams"],
        limits: ["gestationWeeks": ["minimum": 22, "maximum": 44], "birthWeightGrams": ["minimum": 300, "maximum": 7000],
                 "givenName": ["maxLength": 100], "familyName": ["maxLength": 100], "addressLine": ["maxLength": 200],
                 "familyId": ["minimum": 1]])
    static let family = APIInput(name: "FamilyInput", fields: [("name", .string), ("version", .integer)], required: ["name"], onReplace: ["name"])
    static let involvement = APIInput(name: "InvolvementInput", fields: [
        ("serviceId", .integer), ("wholeFamily", .boolean), ("startDate", .date), ("endDate", .date), ("leadPractitionerId", .integer),
        ("lawfulBasis", .string), ("version", .integer)],
        required: ["serviceId", "startDate"], enums: ["lawfulBasis": values(InvolvementBasis.self)],
        onReplace: ["serviceId", "wholeFamily", "startDate", "endDate", "leadPractitionerId"])
    static let contact = APIInput(name: "ContactInput", fields: [
        ("serviceId", .integer), ("date", .date), ("type", .string), ("place", .string), ("outcome", .string), ("version", .integer)],
        required: ["serviceId", "date", "type", "place", "outcome"],
        enums: ["type": values(ContactType.self), "place": values(ContactPlace.self), "outcome": values(ContactOutcome.self)],
        onReplace: ["serviceId", "date", "type", "place", "outcome"])
    static let note = APIInput(name: "NoteInput", fields: [("body", .string), ("visibility", .string), ("version", .integer)],
                               required: ["body", "visibility"], enums: ["visibility": values(NoteVisibility.self)],
                               onReplace: ["body", "visibility"])

    static let consent = APIInput(name: "ConsentInput", fields: [
        ("purpose", .string), ("status", .string), ("givenBy", .string), ("date", .date), ("expires", .date), ("method", .string),
        ("recipientKinds", .strings), ("recipientOrganisations", .integers)],
        required: ["purpose", "status", "givenBy", "date", "method"],
        enums: ["purpose": values(ConsentPurpose.self), "status": values(ConsentStatus.self), "method": values(ConsentMethod.self),
                "recipientKinds": values(OrganisationKind.self)],
        limits: ["givenBy": ["maxLength": 200]])
    static let breakGlass = APIInput(name: "BreakGlassInput", fields: [("reason", .string)], required: ["reason"],
                                     limits: ["reason": ["minLength": 10, "maxLength": 1_000]])

    static let review = APIInput(name: "ReviewInput", fields: [
        ("review", .string), ("date", .date), ("place", .string), ("method", .string), ("practitionerType", .string), ("interval", .integer)]
        + ASQArea.allCases.map { ($0.rawValue, Kind.strings) } + [("asqse2", .integer), ("concerns", .strings)],
        required: ["review", "date", "place", "method", "practitionerType"],
        enums: ["review": values(MandatedReview.self), "place": values(ContactPlace.self), "method": values(ReviewMethod.self),
                "practitionerType": values(ReviewPractitionerType.self), "concerns": values(Concern.self)]
            .merging(ASQArea.allCases.map { ($0.rawValue, values(ASQAnswer.self) + [""]) }) { a, _ in a },
        limits: ["interval": ["minimum": 1, "maximum": 60], "asqse2": ["minimum": 0, "maximum": 500]])
    static let reviewSection = APIInput(name: "ReviewSectionInput", fields:
        EYFSPrimeArea.allCases.map { ($0.rawValue, Kind.string) } + [("settingComments", .string), ("result", .string), ("wellcommComments", .string),
                                                                      ("outcome", .string), ("actions", .string), ("version", .integer)],
        required: [],
        enums: Dictionary(uniqueKeysWithValues: EYFSPrimeArea.allCases.map { ($0.rawValue, values(EYFSJudgement.self)) })
            .merging(["result": values(WellCommResult.self)]) { a, _ in a },
        limits: ["settingComments": ["maxLength": 4_000], "wellcommComments": ["maxLength": 4_000], "outcome": ["maxLength": 4_000],
                 "actions": ["maxLength": 4_000]])

    static let supportRequest = APIInput(name: "SupportRequestInput", fields: [
        ("personId", .integer), ("childName", .string), ("childDateOfBirth", .date), ("parentName", .string), ("contact", .string),
        ("postcode", .string), ("concerns", .strings), ("details", .string), ("consent", .boolean), ("suggestedLevel", .integer)],
        required: ["concerns", "details", "consent"], enums: ["concerns": values(SupportConcern.self)],
        limits: ["personId": ["minimum": 1], "childName": ["maxLength": 100], "parentName": ["maxLength": 100], "contact": ["maxLength": 100],
                 "details": ["maxLength": 4_000], "suggestedLevel": ["minimum": 1]])
    static let triage = APIInput(name: "TriageInput", fields: [
        ("outcome", .string), ("level", .integer), ("rationale", .string), ("serviceId", .integer), ("signpostTo", .string),
        ("personId", .integer), ("version", .integer)],
        required: ["outcome", "level", "rationale"], enums: ["outcome": values(TriageOutcome.self)],
        limits: ["level": ["minimum": 1], "rationale": ["maxLength": 2_000], "signpostTo": ["maxLength": 200], "personId": ["minimum": 1],
                 "serviceId": ["minimum": 1]])
    static let panel = APIInput(name: "PanelInput", fields: [("name", .string), ("meetsAt", .string), ("place", .string), ("members", .integers)],
                                required: ["name", "meetsAt", "place", "members"],
                                limits: ["name": ["maxLength": 200], "place": ["maxLength": 200], "meetsAt": ["maxLength": 40]])
    static let agendaItem = APIInput(name: "AgendaItemInput", fields: [
        ("familyId", .integer), ("source", .string), ("reason", .string), ("personId", .integer), ("requestId", .integer)],
        required: ["familyId", "source", "reason"], enums: ["source": values(AgendaSource.self)],
        limits: ["familyId": ["minimum": 1], "personId": ["minimum": 1], "requestId": ["minimum": 1], "reason": ["maxLength": 1_000]])
    static let panelDecision = APIInput(name: "PanelDecisionInput", fields: [
        ("discussion", .string), ("decision", .string), ("level", .integer), ("leadId", .integer), ("serviceId", .integer)],
        required: ["discussion", "decision", "level"], enums: ["decision": values(PanelDecision.self)],
        limits: ["discussion": ["maxLength": 4_000], "level": ["minimum": 1], "leadId": ["minimum": 1], "serviceId": ["minimum": 1]])
    static let planGoal = APIInput(name: "PlanGoalInput", fields: [
        ("goal", .string), ("measure", .string), ("concern", .string), ("owner", .string), ("targetDate", .date)],
        required: ["goal", "measure", "concern", "owner", "targetDate"], enums: ["concern": values(SupportConcern.self)],
        limits: ["goal": ["maxLength": 500], "measure": ["maxLength": 500], "owner": ["maxLength": 200]])
    static let planAction = APIInput(name: "PlanActionInput", fields: [("action", .string), ("owner", .string), ("dueDate", .date)],
                                     required: ["action", "owner", "dueDate"], limits: ["action": ["maxLength": 500], "owner": ["maxLength": 200]])
    static let planReview = APIInput(name: "PlanReviewInput", fields: [
        ("heldOn", .date), ("progress", .string), ("familyView", .string), ("level", .integer), ("nextReview", .date)],
        required: ["heldOn", "progress", "familyView", "level", "nextReview"],
        limits: ["progress": ["maxLength": 4_000], "familyView": ["maxLength": 2_000], "level": ["minimum": 1]])
    static let planClosure = APIInput(name: "PlanClosureInput", fields: [("closure", .string), ("closureNote", .string), ("version", .integer)],
                                      required: ["closure", "closureNote"], enums: ["closure": values(PlanClosure.self)],
                                      limits: ["closureNote": ["maxLength": 4_000]])
    static let registration = APIInput(name: "RegistrationInput", fields: [
        ("personId", .integer), ("registeredOn", .date), ("consentToStore", .boolean), ("month", .string)],
        required: ["personId", "consentToStore"], limits: ["personId": ["minimum": 1], "month": ["maxLength": 7]])
    static let linkDecision = APIInput(name: "LinkDecisionInput", fields: [("decision", .string)], required: ["decision"],
                                       enums: ["decision": ["accept", "reject"]])
    static let planMember = APIInput(name: "PlanMemberInput", fields: [("kind", .string), ("practitionerId", .integer), ("name", .string), ("role", .string)],
                                     required: ["kind", "role"], enums: ["kind": values(PlanMemberKind.self)],
                                     limits: ["practitionerId": ["minimum": 1], "name": ["maxLength": 100], "role": ["maxLength": 100]])
    static let planStep = APIInput(name: "PlanStepInput", fields: [("stepLevel", .integer), ("stepReason", .string)], required: ["stepLevel", "stepReason"],
                                   limits: ["stepLevel": ["minimum": 1], "stepReason": ["maxLength": 1_000]])
    static let attendance = APIInput(name: "AttendanceInput", fields: [("attended", .integers)], required: ["attended"])
    static let merge = APIInput(name: "MergeInput", fields: [("keptPersonId", .integer), ("mergedPersonId", .integer), ("reason", .string)],
                                required: ["keptPersonId", "mergedPersonId", "reason"],
                                limits: ["keptPersonId": ["minimum": 1], "mergedPersonId": ["minimum": 1], "reason": ["maxLength": 300]])
    static let breakGlassReview = APIInput(name: "BreakGlassReviewInput", fields: [("outcome", .string), ("note", .string)], required: ["outcome"],
                                           enums: ["outcome": ["appropriate", "inappropriate"]], limits: ["note": ["maxLength": 2_000]])
    static let agreement = APIInput(name: "AgreementInput", fields: [
        ("name", .string), ("parties", .integers), ("purposes", .strings), ("categories", .strings), ("lawfulBasis", .string), ("status", .string),
        ("startDate", .date), ("endDate", .date), ("reviewDate", .date), ("caldicottGuardian", .string), ("siro", .string), ("dpo", .string),
        ("version", .integer)],
        required: ["name", "parties", "purposes", "categories", "lawfulBasis", "status", "startDate", "caldicottGuardian", "siro", "dpo"],
        enums: ["purposes": values(Purpose.self), "categories": values(DataCategory.self), "lawfulBasis": values(LawfulBasis.self),
                "status": values(AgreementStatus.self)],
        onReplace: ["name", "parties", "purposes", "categories", "lawfulBasis", "status", "startDate", "endDate", "reviewDate",
                    "caldicottGuardian", "siro", "dpo"],
        limits: ["name": ["maxLength": 200], "caldicottGuardian": ["maxLength": 200], "siro": ["maxLength": 200], "dpo": ["maxLength": 200]])
    static let openPlan = APIInput(name: "OpenPlanInput", fields: [("leadId", .integer)], required: ["leadId"], limits: ["leadId": ["minimum": 1]])
    static let programmeOffer = APIInput(name: "ProgrammeOfferInput", fields: [("programme", .string), ("outsideCriteria", .string)],
                                         required: ["programme"], enums: ["programme": Programme.catalogue.map(\.code)],
                                         limits: ["outsideCriteria": ["maxLength": 500]])
    static let offerMove = APIInput(name: "OfferMoveInput", fields: [
        ("status", .string), ("measure", .string), ("baseline", .number), ("final", .number), ("note", .string), ("version", .integer)],
        required: ["status"], enums: ["status": values(OfferStatus.self)], limits: ["measure": ["maxLength": 200], "note": ["maxLength": 1_000]])
    static let activity = APIInput(name: "ActivityInput", fields: [("title", .string), ("when", .string), ("place", .string), ("description", .string),
                                                                   ("cost", .string), ("howToJoin", .string), ("fromMonths", .integer), ("toMonths", .integer),
                                                                   ("needs", .strings)],
                                   required: ["title", "when", "place", "description", "cost", "howToJoin", "fromMonths", "toMonths"],
                                   enums: ["needs": values(OfferNeed.self)],
                                   limits: ["title": ["maxLength": 100], "when": ["maxLength": 100], "place": ["maxLength": 100], "description": ["maxLength": 400],
                                            "cost": ["maxLength": 100], "howToJoin": ["maxLength": 300],
                                            "fromMonths": ["minimum": -9, "maximum": 60], "toMonths": ["minimum": -9, "maximum": 60]])
    static let centreDetails = APIInput(name: "CentreDetailsInput", fields: [("address", .string), ("phone", .string), ("openingTimes", .string)],
                                        required: ["address", "phone", "openingTimes"],
                                        limits: ["address": ["maxLength": 200], "phone": ["maxLength": 30], "openingTimes": ["maxLength": 200]])
    static let followUpOutcome = APIInput(name: "FollowUpOutcomeInput", fields: [("ownerId", .integer), ("outcome", .string)], required: ["ownerId", "outcome"],
                                          limits: ["ownerId": ["minimum": 1], "outcome": ["maxLength": 400]])
    static let journey = APIInput(name: "FamilyJourneyInput", fields:
        FamilyJourneyAPI.areaKeys.map { ($0, Kind.integer) } + [("priorities", .strings), ("goodAt", .string), ("wantToChange", .string),
                                                               ("lifeWhenDone", .string), ("actions", .string)],
        required: [], enums: ["priorities": FamilyJourneyAPI.areaKeys],
        limits: Dictionary(uniqueKeysWithValues: FamilyJourneyAPI.areaKeys.map { ($0, ["minimum": 1, "maximum": 10]) })
            .merging(["goodAt": ["maxLength": 2_000], "wantToChange": ["maxLength": 2_000], "lifeWhenDone": ["maxLength": 2_000],
                      "actions": ["maxLength": 4_000]]) { a, _ in a })
    static let serviceLevel = APIInput(name: "ServiceLevelInput", fields: [("level", .string), ("reason", .string)], required: ["level", "reason"],
                                       enums: ["level": values(HVServiceLevel.self)], limits: ["reason": ["maxLength": 500]])
    static let advice = APIInput(name: "AdviceInput", fields: [("caller", .string), ("callerName", .string), ("organisation", .string),
                                                               ("topic", .string), ("advice", .string), ("familyId", .integer)],
                                 required: ["caller", "topic", "advice"], enums: ["caller": values(AdviceEnquiry.Caller.self)],
                                 limits: ["callerName": ["maxLength": 100], "organisation": ["maxLength": 200], "topic": ["maxLength": 1_000],
                                          "advice": ["maxLength": 2_000], "familyId": ["minimum": 1]])
    static let source = APIInput(name: "SourceInput", fields: [("name", .string), ("kind", .string), ("format", .string)], required: ["name", "kind", "format"],
                                 enums: ["kind": values(SourceKind.self), "format": values(SourceFormat.self)], limits: ["name": ["maxLength": 60]])
    static let account = APIInput(name: "AccountInput", fields: [("username", .string), ("displayName", .string), ("profession", .string),
                                                                 ("organisationId", .integer)],
                                  required: ["username", "displayName", "profession", "organisationId"], enums: ["profession": values(Profession.self)],
                                  limits: ["username": ["maxLength": 60], "displayName": ["maxLength": 120], "organisationId": ["minimum": 1]])
    static let accountActive = APIInput(name: "AccountActiveInput", fields: [("active", .boolean)], required: ["active"])

    static let all = [credentials, person, family, involvement, contact, note, consent, breakGlass, review, reviewSection,
                      supportRequest, triage, panel, agendaItem, panelDecision, planGoal, planAction, planReview, planClosure,
                      registration, linkDecision, planMember, planStep, attendance, merge, breakGlassReview,
                      agreement, openPlan, programmeOffer, offerMove,
                      activity, centreDetails, followUpOutcome, journey, serviceLevel, advice, source,
                      account, accountActive]

    /// The body's fields as text for the shared validation, after checking each against its
    /// JSON type: a property this body does not have, or a value of the wrong type, is refused
    /// with 400 naming each one. JSON null is a field left out.
    func read(_ object: [String: JSONField], replacing: Bool = false) throws -> [String: String] {
        var problems = FieldErrors()
        if replacing {
            for field in onReplace where object[field] == nil {
                problems.add(field, "A PUT replaces the whole \(name.replacingOccurrences(of: "Input", with: "").lowercased()): send \(field) as it should be (null to clear it); nothing left out is erased")
            }
        }
        let kinds = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.kind) })
        for key in object.keys.sorted() where kinds[key] == nil {
            problems.add(key, "\(key) is not a field of \(name); its fields are \(fields.map(\.name).joined(separator: ", "))")
        }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let kind = kinds[key] else { continue }
            switch (kind, value) {
            case (.date, .string(let t)) where t.trimmingCharacters(in: .whitespaces).isEmpty:
                problems.add(key, "\(key) is empty: send a date as YYYY-MM-DD, or null to leave it out")
            case (_, .null), (.string, .string), (.date, .string), (.boolean, .bool), (.integer, .integer), (.number, .integer), (.number, .number): continue
            case (.integer, .number(let n)) where n == n.rounded() && abs(n) < 9e15: continue
            case (.strings, .array(let items)) where items.allSatisfy({ if case .string(let t) = $0 { !t.contains(",") } else { false } }): continue
            case (.integers, .array(let items)) where items.allSatisfy({ if case .integer = $0 { true } else { false } }): continue
            case (.strings, _): problems.add(key, "\(key) must be a list of texts (a JSON array of strings without commas)")
            case (.integers, _): problems.add(key, "\(key) must be a list of whole numbers (a JSON array)")
            case (.integer, .number): problems.add(key, "\(key) must be a whole number that fits in 64 bits")
            case (.integer, _): problems.add(key, "\(key) must be a whole number (a JSON number, not text)")
            case (.boolean, _): problems.add(key, "\(key) must be true or false")
            case (.number, _): problems.add(key, "\(key) must be a number (a JSON number, not text)")
            case (.string, _), (.date, _): problems.add(key, "\(key) must be text (a JSON string)" + (kind == .date ? " in the form YYYY-MM-DD" : ""))
            }
        }
        guard problems.isEmpty else { throw WrongJSON(errors: problems) }
        return object.compactMapValues(\.text)
    }
}

/// A JSON body with properties it should not have, or values of the wrong type: 400, each named.
struct WrongJSON: Error {
    var errors: FieldErrors
}
