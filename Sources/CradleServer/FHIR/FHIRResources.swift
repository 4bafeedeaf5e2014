import Foundation
import CradleCore

/// Cradle's records as FHIR R4 resources, UK Core profiles named in `meta.profile`. Each
/// function maps rows already read (and allowed) to one resource; nothing here reads the store.
enum FHIRResources {
    typealias Object = [String: Any]

    /// The identifier systems the import reads, written back the same.
    static let nhsNumberSystem = FHIRSource.nhsNumberSystem
    static let odsSystem = FHIRSource.odsSystem
    static let snomed = "http://snomed.info/sct"
    static let loinc = "http://loinc.org"
    static let ucum = "http://unitsofmeasure.org"
    static let roleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
    static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

    static func meta(_ profile: String, version: Int? = nil) -> Object {
        var m: Object = ["profile": ["https://fhir.hl7.org.uk/StructureDefinition/\(profile)"]]
        if let version { m["versionId"] = String(version) }
        return m
    }

    static func reference(_ type: String, _ id: Int64, display: String? = nil) -> Object {
        var r: Object = ["reference": "\(type)/\(id)"]
        if let display { r["display"] = display }
        return r
    }

    static func gender(_ sex: String) -> String {
        switch Sex(rawValue: sex) {
        case .female: "female"
        case .male: "male"
        case .indeterminate: "other"
        case .unknown, nil: "unknown"
        }
    }

    static func name(_ p: PersonRow) -> [Object] {
        [["use": "official", "family": p.familyName, "given": [p.givenName]]]
    }

    static func identifiers(_ p: PersonRow) -> [Object] {
        guard let n = p.nhsNumber else { return [] }
        return [["system": nhsNumberSystem, "value": n]]
    }

    /// A person Cradle holds, child or adult. A record the person index merged into another
    /// person points there (`replaced-by`), as FHIR's Patient.link says.
    static func patient(_ p: PersonRow, addresses: [AddressRow]) -> Object {
        var r: Object = ["resourceType": "Patient", "id": String(p.id), "meta": meta("UKCore-Patient", version: p.version),
                         "name": name(p), "gender": gender(p.sex)]
        let ids = identifiers(p)
        if !ids.isEmpty { r["identifier"] = ids }
        if let born = p.dateOfBirth { r["birthDate"] = born }
        if !addresses.isEmpty { r["address"] = addresses.map(address) }
        if let gp = p.gpPractice {
            var ref: Object = ["identifier": ["system": odsSystem, "value": gp]]
            if let name = p.gpPracticeName { ref["display"] = name }
            r["generalPractitioner"] = [ref]
        }
        if let merged = p.mergedInto { r["link"] = [["other": reference("Patient", merged), "type": "replaced-by"]] }
        return r
    }

    /// What a search may show (`SearchRow`): name, birth date and postcode district, and the
    /// NHS number only when the search was by it.
    static func searchPatient(_ s: SearchRow, nhsNumber: String?) -> Object {
        var r: Object = ["resourceType": "Patient", "id": String(s.id), "meta": meta("UKCore-Patient"),
                         "name": [["use": "official", "family": s.familyName, "given": [s.givenName]]]]
        if let nhsNumber { r["identifier"] = [["system": nhsNumberSystem, "value": nhsNumber]] }
        if let born = s.dateOfBirth { r["birthDate"] = born }
        if let district = s.postcodeDistrict { r["address"] = [["district": district]] }
        return r
    }

    static func address(_ a: AddressRow) -> Object {
        var r: Object = ["use": "home", "postalCode": a.postcode]
        if let line = a.line, !line.isEmpty { r["line"] = [line] }
        var period: Object = ["start": a.fromDate]
        if let to = a.toDate { period["end"] = to }
        r["period"] = period
        return r
    }

    static let relationshipCodes: [Relationship: (code: String, display: String)] = [
        .mother: ("MTH", "mother"), .father: ("FTH", "father"), .carer: ("GUARD", "guardian"),
        .sibling: ("SIB", "sibling"), .other: ("FAMMEMB", "family member"),
    ]

    /// A family member of the child `patient`: their parent, carer or sibling.
    static func relatedPerson(_ member: PersonRow, patient: Int64) -> Object? {
        guard let relationship = Relationship(rawValue: member.relationship), let code = relationshipCodes[relationship] else { return nil }
        var r: Object = ["resourceType": "RelatedPerson", "id": "\(patient)-\(member.id)", "meta": meta("UKCore-RelatedPerson", version: member.version),
                         "active": member.mergedInto == nil, "patient": reference("Patient", patient), "name": name(member),
                         "gender": gender(member.sex),
                         "relationship": [["coding": [["system": roleCode, "code": code.code, "display": code.display]]]]]
        let ids = identifiers(member)
        if !ids.isEmpty { r["identifier"] = ids }
        if let born = member.dateOfBirth { r["birthDate"] = born }
        return r
    }

    /// A service involved with the child or the family, with its team and lead professional.
    static func episodeOfCare(_ i: InvolvementRow, patient: Int64, today: Day) -> Object {
        let finished = i.endDate.map { $0 <= today.iso } ?? false
        var period: Object = ["start": i.startDate]
        if let end = i.endDate { period["end"] = end }
        var r: Object = ["resourceType": "EpisodeOfCare", "id": String(i.id), "meta": meta("UKCore-EpisodeOfCare", version: i.version),
                         "status": finished ? "finished" : "active", "patient": reference("Patient", patient),
                         "type": [["text": i.serviceName, "coding": [["system": "https://cradle.example/fhir/CodeSystem/service-kind",
                                                                   "code": i.serviceKind, "display": ServiceKind(rawValue: i.serviceKind)?.label ?? i.serviceKind]]]],
                         "managingOrganization": ["display": i.organisationName],
                         "period": period]
        if let lead = i.leadPractitionerId {
            var ref = reference("Practitioner", lead, display: i.leadName)
            if let profession = i.leadProfession { ref["display"] = [i.leadName, Profession(rawValue: profession)?.label].compactMap { $0 }.joined(separator: ", ") }
            r["careManager"] = ref
        }
        if i.familyId != nil && i.personId == nil {
            r["extension"] = [["url": "https://cradle.example/fhir/StructureDefinition/involved-with-family", "valueBoolean": true]]
        }
        return r
    }

    /// A contact: a visit, clinic, call or Healthy Child Programme review.
    static func encounter(_ c: ContactRow) -> Object {
        let status: String
        switch ContactOutcome(rawValue: c.outcome) {
        case .attended: status = "finished"
        case .booked: status = "planned"
        case .didNotAttend, .cancelled: status = "cancelled"
        case nil: status = "unknown"
        }
        let cls: (String, String)
        switch ContactPlace(rawValue: c.place) {
        case .home: cls = ("HH", "home health")
        case .remote: cls = ("VR", "virtual")
        default: cls = ("AMB", "ambulatory")
        }
        let type = ContactType(rawValue: c.type)
        var r: Object = ["resourceType": "Encounter", "id": String(c.id), "meta": meta("UKCore-Encounter", version: c.version),
                         "status": status, "class": ["system": actCode, "code": cls.0, "display": cls.1],
                         "type": [["text": type.flatMap(MandatedReview.init(contactType:))?.label ?? type?.label ?? c.type]],
                         "subject": reference("Patient", c.personId),
                         "period": ["start": c.date],
                         "serviceType": ["text": c.serviceName]]
        if let who = c.practitionerId {
            r["participant"] = [["individual": reference("Practitioner", who, display: c.practitionerName)]]
        }
        if ContactOutcome(rawValue: c.outcome) == .didNotAttend {
            r["extension"] = [["url": "https://cradle.example/fhir/StructureDefinition/did-not-attend", "valueBoolean": true]]
        }
        return r
    }

    /// Birth weight and gestation at birth, from the birth record.
    static func birthObservations(_ p: PersonRow) -> [Object] {
        guard let born = p.dateOfBirth else { return [] }
        var out: [Object] = []
        if let grams = p.birthWeightGrams {
            out.append(observation(id: "\(p.id)-birth-weight", patient: p.id, profile: "UKCore-Observation-VitalSigns-BodyWeight",
                                   category: "vital-signs", codes: [(snomed, "364589006", "Birth weight"), (loinc, "8339-4", "Birth weight Measured")],
                                   text: "Birth weight", effective: born, value: ["value": grams, "unit": "g", "system": ucum, "code": "g"]))
        }
        if let weeks = p.gestationWeeks {
            out.append(observation(id: "\(p.id)-gestation", patient: p.id, profile: "UKCore-Observation", category: "exam",
                                   codes: [(snomed, "412726003", "Length of gestation at birth"), (loinc, "76516-4", "Gestational age at birth")],
                                   text: "Gestation at birth", effective: born, value: ["value": weeks, "unit": "wk", "system": ucum, "code": "wk"]))
        }
        return out
    }

    /// The CSDS SNOMED concepts for an ASQ-3 area score at the 2–2½ year review's intervals
    /// (DOMAIN.md §4); other intervals have none.
    static let asqConcepts: [Int: [ASQArea: String]] = [
        24: [.communication: "953211000000100", .grossMotor: "953231000000108", .fineMotor: "953221000000106",
             .problemSolving: "953241000000104", .personalSocial: "953251000000101"],
        27: [.communication: "953261000000103", .grossMotor: "953281000000107", .fineMotor: "953271000000105",
             .problemSolving: "953291000000109", .personalSocial: "953301000000108"],
        30: [.communication: "953311000000105", .grossMotor: "953331000000102", .fineMotor: "953321000000104",
             .problemSolving: "953341000000106", .personalSocial: "953351000000109"],
    ]

    /// One Observation per scorable ASQ-3 area, with its band as the interpretation.
    static func asqObservations(_ a: HealthyChildStore.ASQRow, result: ASQ3Result, date: String) -> [Object] {
        result.areas.compactMap { area in
            guard let score = area.score else { return nil }
            var codes: [(String, String, String?)] = []
            if let concept = asqConcepts[a.intervalMonths]?[area.area] { codes.append((snomed, concept, nil)) }
            var o = observation(id: "\(a.contactId)-asq3-\(area.area.rawValue.replacingOccurrences(of: "_", with: "-"))", patient: a.personId, profile: "UKCore-Observation",
                                category: "survey", codes: codes, text: "ASQ-3 \(a.intervalMonths) month \(area.area.label) score",
                                effective: date, value: ["value": (score * 100).rounded() / 100, "unit": "score"])
            o["encounter"] = reference("Encounter", a.contactId)
            o["derivedFrom"] = [reference("QuestionnaireResponse", a.contactId)]
            o["interpretation"] = [["text": area.band.label]]
            o["referenceRange"] = [["low": ["value": area.cutoff], "text": "Cut-off"]]
            return o
        }
    }

    static func observation(id: String, patient: Int64, profile: String, category: String, codes: [(String, String, String?)],
                            text: String, effective: String, value: Object) -> Object {
        var code: Object = ["text": text]
        if !codes.isEmpty {
            code["coding"] = codes.map { c -> Object in
                var coding: Object = ["system": c.0, "code": c.1]
                if let display = c.2 { coding["display"] = display }
                return coding
            }
        }
        return ["resourceType": "Observation", "id": id, "meta": meta(profile), "status": "final",
                "category": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": category]]]],
                "code": code, "subject": reference("Patient", patient), "effectiveDateTime": effective, "valueQuantity": value]
    }

    /// The ASQ-3 answers as given, item by item, and the ASQ:SE-2 total where one was recorded.
    static func questionnaireResponse(_ a: HealthyChildStore.ASQRow, date: String) -> Object {
        let answers = ASQ3Result.decode(a.answers)
        var items: [Object] = ASQArea.allCases.map { area in
            let given = answers[area] ?? []
            return ["linkId": area.rawValue, "text": area.label,
                    "item": given.enumerated().map { n, answer -> Object in
                        var item: Object = ["linkId": "\(area.rawValue).\(n + 1)"]
                        if let answer { item["answer"] = [["valueCoding": ["system": "https://cradle.example/fhir/CodeSystem/asq-answer",
                                                                           "code": answer.rawValue, "display": answer.label]]] }
                        return item
                    }]
        }
        if let total = a.asqse2Total {
            items.append(["linkId": "asqse2-total", "text": "ASQ:SE-2 total", "answer": [["valueInteger": total]]])
        }
        return ["resourceType": "QuestionnaireResponse", "id": String(a.contactId), "meta": meta("UKCore-QuestionnaireResponse"),
                "questionnaire": "https://cradle.example/fhir/Questionnaire/asq3-\(a.intervalMonths)",
                "status": "completed", "subject": reference("Patient", a.personId), "encounter": reference("Encounter", a.contactId),
                "authored": date, "author": reference("Practitioner", a.recordedBy), "item": items]
    }

    /// A family's answer about sharing for one purpose; `current` is false once a later
    /// answer for the same purpose replaced it.
    static func consent(_ c: GovernanceStore.ConsentRow, current: Bool) -> Object {
        let status = ConsentStatus(rawValue: c.status)
        var provision: Object = ["type": status == .given ? "permit" : "deny",
                                 "purpose": [["system": "https://cradle.example/fhir/CodeSystem/sharing-purpose", "code": c.purpose,
                                              "display": ConsentPurpose(rawValue: c.purpose)?.label ?? c.purpose]]]
        var period: Object = ["start": c.givenOn]
        if let end = c.expiresOn { period["end"] = end }
        provision["period"] = period
        return ["resourceType": "Consent", "id": String(c.id), "meta": meta("UKCore-Consent"),
                "status": current && status != .withdrawn ? "active" : "inactive",
                "scope": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"]]],
                "category": [["coding": [["system": loinc, "code": "59284-0", "display": "Patient Consent"]]]],
                "patient": reference("Patient", c.personId), "dateTime": c.givenOn,
                "policyRule": ["text": "Information sharing under the council's agreements, as the family answered"],
                "provision": provision]
    }

    /// A team-around-the-family plan for the child's family: its goals (contained Goals),
    /// actions, lead professional and team.
    static func carePlan(_ plan: PlanStore.PlanRow, patient: Int64, members: [PlanStore.MemberRow],
                         goals: [PlanStore.GoalRow], actions: [PlanStore.ActionRow]) -> Object {
        var period: Object = ["start": plan.startedOn]
        if let closed = plan.closedOn { period["end"] = closed }
        let contained: [Object] = goals.map { g in
            ["resourceType": "Goal", "id": "goal-\(g.id)", "lifecycleStatus": plan.isOpen ? "active" : "completed",
             "description": ["text": g.goal], "subject": reference("Patient", patient),
             "target": [["measure": ["text": g.measure], "dueDate": g.targetDate]],
             "note": [["text": "Owner: \(g.owner)"]]]
        }
        var r: Object = ["resourceType": "CarePlan", "id": String(plan.id), "meta": meta("UKCore-CarePlan", version: plan.version),
                         "status": plan.isOpen ? "active" : "completed", "intent": "plan",
                         "title": "Team around the family: \(plan.familyName)",
                         "subject": reference("Patient", patient), "period": period,
                         "author": reference("Practitioner", plan.leadId, display: plan.leadName),
                         "note": [["text": plan.isOpen ? "Next review \(plan.nextReview)" : "Closed: \(plan.closure ?? "")"]]]
        if !contained.isEmpty {
            r["contained"] = contained
            r["goal"] = goals.map { ["reference": "#goal-\($0.id)"] }
        }
        if !members.isEmpty {
            r["contributor"] = members.map { m -> Object in
                if let id = m.practitionerId { return reference("Practitioner", id, display: "\(m.name), \(m.role)") }
                return ["display": "\(m.name), \(m.role)"]
            }
        }
        if !actions.isEmpty {
            r["activity"] = actions.map { a -> Object in
                ["detail": ["status": a.doneOn == nil ? "scheduled" : "completed", "description": a.action,
                            "scheduledString": "By \(a.dueDate)", "performer": [["display": a.owner]]]]
            }
        }
        return r
    }
}
