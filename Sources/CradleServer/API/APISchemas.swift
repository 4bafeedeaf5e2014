import CradleCore

/// The schemas of what the API answers, property by property with the JSON type the server
/// writes: a property the row may lack (a Swift optional, left out when empty) is not
/// required; nothing else is sent (`additionalProperties: false`).
enum APISchemas {
    typealias Schema = [String: Any]

    static var id: Schema { ["type": "integer", "format": "int64", "minimum": 1] }
    static var count: Schema { ["type": "integer", "minimum": 0] }
    static var version: Schema { ["type": "integer", "minimum": 1, "description": "Send it back (or as If-Match) to change the record"] }
    static var text: Schema { ["type": "string"] }
    static var date: Schema { ["type": "string", "format": "date"] }
    static var nhsNumber: Schema { ["type": "string", "pattern": "^[0-9]{10}$", "description": "Ten digits, no spaces"] }
    static func oneOf<V: Vocabulary>(_ t: V.Type) -> Schema { ["type": "string", "enum": V.allCases.map(\.rawValue)] }

    static func object(_ required: [String: Schema], optional: [String: Schema] = [:]) -> Schema {
        ["type": "object", "properties": required.merging(optional) { a, _ in a }, "required": required.keys.sorted(),
         "additionalProperties": false]
    }

    static var person: Schema {
        object(["id": id, "kind": oneOf(PersonKind.self), "relationship": oneOf(Relationship.self), "givenName": text, "familyName": text,
                "sex": oneOf(Sex.self), "version": version],
               optional: ["familyId": id, "familyLabel": text, "dateOfBirth": date, "expectedDeliveryDate": date, "nhsNumber": nhsNumber,
                          "gestationWeeks": ["type": "integer"], "birthWeightGrams": ["type": "integer"],
                          "mergedInto": ["type": "integer", "format": "int64", "description": "The person the person index merged this record into"],
                          "gpPractice": ["type": "string", "description": "ODS code of the registered GP practice"], "gpPracticeName": text])
    }

    static var address: Schema {
        object(["id": id, "postcode": text, "fromDate": date], optional: ["line": text, "toDate": date])
    }

    static var searchResult: Schema {
        object(["id": id, "givenName": text, "familyName": text],
               optional: ["dateOfBirth": date, "expectedDeliveryDate": date, "postcodeDistrict": text])
    }

    static var involvement: Schema {
        object(["id": id, "serviceId": id, "serviceName": text, "serviceKind": oneOf(ServiceKind.self), "organisationName": text,
                "organisationId": id, "startDate": date, "version": version],
               optional: ["teamId": id, "personId": id, "familyId": id, "endDate": date, "leadPractitionerId": id, "leadName": text,
                          "leadProfession": oneOf(Profession.self)])
    }

    static var contactCounts: Schema {
        object(["serviceId": id, "total": count, "attended": count, "missed": count, "booked": count])
    }

    static var contact: Schema {
        object(["id": id, "personId": id, "serviceId": id, "serviceName": text, "date": date, "type": oneOf(ContactType.self),
                "place": oneOf(ContactPlace.self), "outcome": oneOf(ContactOutcome.self), "version": version],
               optional: ["practitionerId": id, "practitionerName": text])
    }

    static var note: Schema {
        object(["id": id, "personId": id, "authorId": id, "authorName": text, "authorProfession": oneOf(Profession.self),
                "authorOrganisation": id, "visibility": oneOf(NoteVisibility.self), "writtenOn": date, "body": text, "version": version])
    }

    static var family: Schema { object(["id": id, "name": text, "version": version]) }

    static var service: Schema {
        object(["id": id, "name": text, "kind": oneOf(ServiceKind.self), "organisationName": text], optional: ["teamId": id])
    }

    static var practitioner: Schema {
        object(["id": id, "displayName": text, "profession": oneOf(Profession.self), "organisationName": text])
    }

    static var problem: Schema {
        object(["row": count, "field": text, "problem": text, "warning": ["type": "boolean", "description": "true: the row imported without the field"]])
    }

    static var token: Schema { object(["token": text, "practitionerId": id, "expiresOn": date]) }

    static var importReport: Schema {
        object(["importId": id, "added": count, "updated": count, "unchanged": count, "rejected": count, "reviews": count,
                "problems": ["type": "array", "items": problem]])
    }

    static var importStatus: Schema {
        object(["importId": id, "source": text, "fileName": text,
                "status": ["type": "string", "enum": ["queued", "running", "done", "refused", "failed", "interrupted"]],
                "rowsTotal": count, "rowsDone": count, "added": count, "updated": count, "unchanged": count, "rejected": count,
                "reviews": count, "problems": ["type": "array", "items": problem], "startedAt": text],
               optional: ["refusedReason": text, "finishedAt": text])
    }

    static var number: Schema { ["type": "number"] }

    static var reviewSection: Schema {
        object(["section": ["type": "string", "enum": ["setting", "wellcomm", "outcome"]],
                "values": ["type": "object", "additionalProperties": ["type": "string"]], "writtenOn": date, "version": version],
               optional: ["authorName": text])
    }

    static var review: Schema {
        let area = object(["area": oneOf(ASQArea.self), "answered": count, "cutoff": number, "band": oneOf(ASQBand.self)], optional: ["score": number])
        let proposal = object(["concern": oneOf(Concern.self), "pathway": text, "programme": text, "nextSteps": ["type": "array", "items": text]])
        return object(["id": id, "personId": id, "review": oneOf(MandatedReview.self), "date": date, "place": oneOf(ContactPlace.self),
                       "concerns": ["type": "array", "items": oneOf(Concern.self)], "proposals": ["type": "array", "items": proposal],
                       "sections": ["type": "array", "items": reviewSection]],
                      optional: ["asq": object(["interval": ["type": "integer"], "areas": ["type": "array", "items": area], "allFiveAtOrAbove": ["type": "boolean"]]),
                                 "asqSE2": object(["interval": ["type": "integer"], "total": count,
                                                   "band": ["type": "string", "enum": ["above_cutoff", "below_cutoff", "no_cutoff"]]],
                                                  optional: ["cutoff": number])])
    }

    static var due: Schema {
        object(["personId": id, "givenName": text, "familyName": text, "review": oneOf(MandatedReview.self), "from": date, "by": date,
                "status": ["type": "string", "enum": ["upcoming", "due", "overdue", "done", "missed"]]],
               optional: ["dateOfBirth": date, "daysOverdue": ["type": "integer", "minimum": 1]])
    }

    static var consent: Schema {
        object(["id": id, "purpose": oneOf(ConsentPurpose.self), "status": oneOf(ConsentStatus.self), "givenBy": text, "givenOn": date,
                "method": oneOf(ConsentMethod.self), "recipientKinds": ["type": "array", "items": oneOf(OrganisationKind.self)],
                "recipientOrganisations": ["type": "array", "items": id], "current": ["type": "boolean"]],
               optional: ["expiresOn": date, "recorderName": text])
    }

    static var dateTime: Schema { ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", "description": "Local time, YYYY-MM-DDTHH:MM"] }

    static var supportRequest: Schema {
        object(["id": id, "source": oneOf(RequestSource.self), "status": oneOf(RequestStatus.self),
                "concerns": ["type": "array", "items": oneOf(SupportConcern.self)], "details": text, "receivedAt": dateTime,
                "triageDueBy": dateTime, "clock": ["type": "string", "enum": ["onTrack", "dueSoon", "breached", "triagedInTime", "triagedLate"]],
                "version": version],
               optional: ["clockMinutes": ["type": "integer", "minimum": 0, "description": "Minutes left, over or late, in the clock's working time"],
                          "personId": id, "familyId": id, "referrerName": text, "referrerOrganisation": text, "childName": text,
                          "childDateOfBirth": date, "linkedName": text, "parentName": text, "contact": text, "postcode": text,
                          "suggestedLevel": ["type": "integer", "minimum": 1], "triagedAt": dateTime, "triagedByName": text,
                          "outcome": oneOf(TriageOutcome.self), "level": ["type": "integer", "minimum": 1], "rationale": text,
                          "serviceName": text, "signpostTo": text])
    }

    static var panelSummary: Schema {
        object(["id": id, "name": text, "meetsAt": dateTime, "place": text], optional: ["families": count])
    }

    static var panel: Schema {
        let member = object(["practitionerId": id, "displayName": text, "profession": oneOf(Profession.self), "organisationName": text],
                            optional: ["attended": ["type": "boolean"]])
        let action = object(["id": id, "itemId": id, "action": text, "owner": text, "dueDate": date])
        return object(["id": id, "name": text, "meetsAt": dateTime, "place": text, "members": ["type": "array", "items": member],
                       "items": ["type": "array", "items": ["$ref": "#/components/schemas/PanelItem"]], "actions": ["type": "array", "items": action]])
    }

    static var panelItem: Schema {
        object(["id": id, "panelId": id, "familyId": id, "familyName": text, "source": oneOf(AgendaSource.self), "reason": text],
               optional: ["personId": id, "requestId": id, "discussion": text, "decision": oneOf(PanelDecision.self),
                          "level": ["type": "integer", "minimum": 1], "leadName": text, "serviceName": text, "planId": id])
    }

    static var planRow: Schema {
        object(["id": id, "familyId": id, "familyName": text, "leadId": id, "leadName": text, "status": oneOf(PlanStatus.self),
                "startedOn": date, "nextReview": date, "version": version],
               optional: ["requestId": id, "closedOn": date, "closure": oneOf(PlanClosure.self), "closureNote": text])
    }

    static var plan: Schema {
        let row = planRow
        let member = object(["id": id, "kind": oneOf(PlanMemberKind.self), "name": text, "role": text], optional: ["practitionerId": id])
        let goal = object(["id": id, "goal": text, "measure": text, "concern": oneOf(SupportConcern.self), "owner": text, "targetDate": date])
        let action = object(["id": id, "action": text, "owner": text, "dueDate": date], optional: ["doneOn": date])
        let review = object(["id": id, "heldOn": date, "progress": text, "familyView": text, "level": ["type": "integer", "minimum": 1],
                             "nextReview": date], optional: ["recordedByName": text])
        return object(["plan": row, "members": ["type": "array", "items": member], "goals": ["type": "array", "items": goal],
                       "actions": ["type": "array", "items": action], "reviews": ["type": "array", "items": review],
                       "reviewStatus": ["type": "string", "enum": ["scheduled", "dueSoon", "overdue"]]])
    }

    /// A count through disclosure control: null when suppressed (1–7), otherwise rounded to 5.
    static var controlled: Schema { ["type": ["integer", "null"], "minimum": 0, "multipleOf": 5] }

    static var timeliness: Schema {
        let figure = object(["group": text, "quarter": ["type": "string", "pattern": "^[0-9]{4}Q[1-4]$"], "metric": ["type": "string", "enum": TimelinessMetric.allCases.map(\.rawValue)],
                             "label": text, "numerator": controlled, "denominator": controlled,
                             "percent": ["type": ["integer", "null"], "minimum": 0, "description": "From the rounded figures; null when either is suppressed or 0"]])
        return object(["scope": text, "quarters": ["type": "array", "items": text], "groups": ["type": "array", "items": text],
                       "figures": ["type": "array", "items": figure]])
    }

    static var reach: Schema {
        let counts = object(["births": controlled, "consented": controlled, "listed": controlled, "registered": controlled, "seen": controlled])
        let line = object(["name": text, "counts": counts])
        return object(["scope": text, "from": date, "to": date, "total": counts, "byCentre": ["type": "array", "items": line],
                       "byLocality": ["type": "array", "items": line],
                       "byMonth": ["type": "array", "items": object(["month": text], optional: ["counts": counts])]])
    }

    static var centre: Schema {
        let entry = object(["personId": id, "givenName": text, "familyName": text, "dateOfBirth": date, "sex": text, "postcode": text],
                           optional: ["addressLine": text, "parentName": text, "registeredOn": date])
        let expected = object(["personId": id, "motherName": text, "due": date, "postcode": text], optional: ["addressLine": text])
        let months: Schema = ["type": "integer", "minimum": -9, "maximum": 60]
        let activity = object(["id": id, "title": text, "whenText": text, "place": text, "description": text],
                              optional: ["cost": text, "howToJoin": text, "fromMonths": months, "toMonths": months, "needs": text])
        let followUp = object(["id": id, "personId": id, "childName": text, "reason": text, "dueDate": date],
                              optional: ["ownerName": text, "outcome": text, "closedOn": date])
        let notice = object(["id": id, "period": text, "createdAt": text])
        let staff = object(["id": id, "displayName": text])
        return object(["id": id, "code": text, "name": text, "month": text, "birthsInArea": count, "entries": ["type": "array", "items": entry],
                       "expected": ["type": "array", "items": expected], "activities": ["type": "array", "items": activity],
                       "followUps": ["type": "array", "items": followUp], "notices": ["type": "array", "items": notice],
                       "staff": ["type": "array", "items": staff]],
                      optional: ["address": text, "phone": text, "openingTimes": text])
    }

    static var registration: Schema { object(["personId": id, "registeredOn": date]) }

    static var linkReview: Schema {
        let comparison = object(["comparison": ["type": "string", "enum": Comparison.allCases.map { String(describing: $0) }], "level": text, "weight": number])
        return object(["id": id, "sourceRecordId": id, "recordPersonId": id, "candidatePersonId": id, "weight": number,
                       "comparisons": ["type": "array", "items": comparison], "status": ["type": "string", "enum": ["open", "accepted", "rejected"]],
                       "createdAt": text, "givenName": text, "familyName": text, "sourceName": text],
                      optional: ["candidateRecordId": id, "decidedByName": text, "decidedAt": text, "dateOfBirth": date, "candidateName": text])
    }

    static var auditEntry: Schema {
        object(["seq": id, "at": text, "action": text, "category": text, "purpose": text,
                "decision": ["type": "string", "enum": ["allow", "deny", "break_glass"]], "reason": text, "path": text,
                "prevHash": ["type": "string", "pattern": "^[0-9a-f]{64}$"], "hash": ["type": "string", "pattern": "^[0-9a-f]{64}$"]],
               optional: ["actorId": id, "actorProfession": text, "personId": id, "familyId": id, "detail": text])
    }

    static var merge: Schema {
        object(["id": id, "keptPersonId": id, "mergedPersonId": id, "keptName": text, "mergedName": text, "reason": text, "mergedAt": text],
               optional: ["mergedByName": text, "unmergedByName": text, "unmergedAt": text])
    }

    static var breakGlass: Schema {
        object(["id": id, "practitionerId": id, "practitionerName": text, "personId": id, "reason": text, "startedAt": text, "expiresAt": text],
               optional: ["reviewOutcome": ["type": "string", "enum": ["appropriate", "inappropriate"]], "reviewNote": text])
    }

    static var agreement: Schema {
        object(["id": id, "name": text, "purposes": ["type": "array", "items": oneOf(Purpose.self)],
                "categories": ["type": "array", "items": oneOf(DataCategory.self)], "lawfulBasis": oneOf(LawfulBasis.self),
                "status": oneOf(AgreementStatus.self), "startDate": date, "caldicottGuardian": text, "siro": text, "dpo": text,
                "parties": ["type": "array", "items": id], "version": version],
               optional: ["endDate": date, "reviewDate": date])
    }

    static var familyEarlyHelp: Schema {
        let level = object(["level": ["type": "integer", "minimum": 1], "setAt": dateTime, "reason": text], optional: ["setByName": text])
        return object(["familyId": id, "name": text, "levels": ["type": "array", "items": level],
                       "requests": ["type": "array", "items": ["$ref": "#/components/schemas/SupportRequest"]],
                       "plans": ["type": "array", "items": planRow], "offers": ["type": "array", "items": ["$ref": "#/components/schemas/ProgrammeOffer"]]],
                      optional: ["fnp": object(["eligible": ["type": "boolean"], "reasons": ["type": "array", "items": text]])])
    }

    static var programmeOffer: Schema {
        object(["id": id, "familyId": id, "programme": ["type": "string", "enum": Programme.catalogue.map(\.code)],
                "status": oneOf(OfferStatus.self), "offeredOn": date, "version": version],
               optional: ["enrolledOn": date, "endedOn": date, "measure": text, "baseline": number, "final": number, "note": text,
                          "outsideCriteria": text, "offeredByName": text])
    }

    static var familyJourneys: Schema {
        let rating: Schema = ["type": "integer", "minimum": 1, "maximum": 10]
        let journey = object(["id": id, "assessedOn": date,
                              "ratings": ["type": "object", "properties": Dictionary(uniqueKeysWithValues: FamilyJourneyAPI.areaKeys.map { ($0, rating) }),
                                          "additionalProperties": false],
                              "goodAt": text, "wantToChange": text, "lifeWhenDone": text,
                              "priorities": ["type": "array", "items": ["type": "string", "enum": FamilyJourneyAPI.areaKeys]], "actions": text],
                             optional: ["recordedByName": text])
        let level = object(["level": oneOf(HVServiceLevel.self), "fromDate": date, "reason": text], optional: ["setByName": text])
        return object(["familyId": id, "name": text, "journeys": ["type": "array", "items": journey], "serviceLevels": ["type": "array", "items": level]])
    }

    static var advice: Schema {
        object(["id": id, "receivedAt": dateTime, "caller": oneOf(AdviceEnquiry.Caller.self), "topic": text, "advice": text],
               optional: ["callerName": text, "organisation": text, "familyId": id, "recordedByName": text])
    }

    static var caseload: Schema {
        let plan = object(["plan": planRow, "reviewStatus": ["type": "string", "enum": ["scheduled", "dueSoon", "overdue"]]])
        let load = object(["practitionerId": id, "displayName": text, "profession": oneOf(Profession.self), "plans": count, "overdue": count])
        return object(["plans": ["type": "array", "items": plan], "requests": ["type": "array", "items": ["$ref": "#/components/schemas/SupportRequest"]],
                       "panels": ["type": "array", "items": panelSummary], "team": ["type": "array", "items": load]])
    }

    static var source: Schema {
        object(["id": id, "name": text, "kind": oneOf(SourceKind.self), "format": oneOf(SourceFormat.self), "createdAt": text],
               optional: ["records": count, "lastImport": text])
    }

    static var account: Schema {
        object(["id": id, "username": text, "displayName": text, "profession": oneOf(Profession.self), "organisationName": text,
                "active": ["type": "boolean"]], optional: ["lockedUntil": text])
    }

    static var programme: Schema {
        // A pattern rather than an enum: generated clients name the cases 4+ and 4 alike.
        let rating: Schema = ["type": "string", "pattern": "^(" + EIFRating.allCases.map { $0.rawValue.replacingOccurrences(of: "+", with: "\\+") }.joined(separator: "|") + ")$",
                              "description": "The Early Intervention Foundation's evidence rating"]
        return object(["code": text, "name": text, "rating": rating, "fromMonths": ["type": "integer"], "toMonths": ["type": "integer"],
                       "eligibility": text, "source": text,
                       "needs": ["type": "array", "items": ["type": "string", "enum": OfferNeed.allCases.map(\.rawValue)],
                                 "description": "What a family searching the local offer would look for it under"]])
    }

    static var tokenRow: Schema { object(["id": id, "name": text, "createdAt": text, "expiresOn": date], optional: ["revokedAt": text]) }
}
