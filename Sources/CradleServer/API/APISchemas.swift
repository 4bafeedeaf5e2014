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
                "status": ["type": "string", "enum": ["running", "done", "refused", "failed", "interrupted"]],
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
}
