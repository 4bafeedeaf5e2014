import Foundation
import CradleCore

/// A family's record as data: what the family page shows, every entry of who looked, and
/// what was held back and why. Keys are sorted so two downloads of one record compare equal.
enum FamilyExport {
    static let notesHeldBack = "Practitioners' case notes are not part of this download: they can hold what other people told us in confidence. To ask for them, write to the records team (a subject access request): they will send what the law lets them within a month."

    static func json(_ r: FamilyRecord, today: Day, seesNames: Bool) throws -> Data {
        func opt(_ v: String?) -> Any { v ?? NSNull() }
        let members: [[String: Any]] = r.members.map { m in
            ["id": m.person.id, "name": m.person.fullName, "relationship": m.person.relationship, "dateOfBirth": opt(m.person.dateOfBirth),
             "expectedDeliveryDate": opt(m.person.expectedDeliveryDate), "nhsNumber": opt(m.person.nhsFormatted),
             "address": m.address.map { ["line": opt($0.line), "postcode": $0.postcode, "from": $0.fromDate] as [String: Any] } ?? NSNull(),
             "reviews": (m.schedule?.entries ?? []).map { ["review": $0.review.label, "dueFrom": $0.window.from.iso, "dueTo": $0.window.to.iso, "status": $0.status.label] },
             "consents": m.consents.map { ["purpose": $0.purpose, "decision": $0.status, "date": $0.givenOn, "expires": opt($0.expiresOn),
                                           "how": Format.label($0.method, ConsentMethod.self), "recordedBy": opt($0.recorderName)] as [String: Any] }]
        }
        let document: [String: Any] = [
            "family": ["id": r.familyId, "name": r.familyName], "generatedOn": today.iso, "members": members,
            "servicesInvolved": r.involvements.map { ["service": $0.serviceName, "organisation": $0.organisationName, "for": opt(r.name(of: $0.personId)),
                                                      "from": $0.startDate, "to": opt($0.endDate), "namedWorker": opt($0.leadName)] as [String: Any] },
            "whoLooked": r.looks.map { ["at": $0.at, "who": $0.who(seesNames: seesNames),
                                        "what": $0.category, "about": opt($0.personId.flatMap { r.name(of: $0) }), "purpose": $0.purpose,
                                        "emergencyAccess": $0.decision == "break_glass"] as [String: Any] },
            "emergencyAccess": r.breakGlass.map { ["at": $0.startedAt, "who": FamilyRecordView.who($0.profession, $0.organisation, $0.displayName, seesNames: seesNames),
                                                   "about": opt(r.name(of: $0.personId)), "reason": $0.reason, "reviewed": opt($0.reviewOutcome)] as [String: Any] },
            "agreements": r.agreements.map { ["name": $0.name, "purposes": $0.purposes, "lawfulBasis": $0.lawfulBasis] },
            "familyJourneys": r.journeys.map { ["on": $0.assessedOn, "ratings": $0.ratingValues, "goodAt": $0.goodAt, "wantToChange": $0.wantToChange,
                                                "lifeWhenDone": $0.lifeWhenDone, "actions": $0.actions] as [String: Any] },
            "plans": r.plans.map { p in
                ["status": p.plan.status, "lead": p.plan.leadName, "startedOn": p.plan.startedOn,
                 "goals": p.goals.map { ["goal": $0.goal, "measure": $0.measure, "by": $0.targetDate] },
                 "actions": p.actions.map { ["action": $0.action, "who": $0.owner, "by": $0.dueDate, "done": opt($0.doneOn)] as [String: Any] }] as [String: Any]
            },
            "requests": r.requests.map { ["sent": $0.createdAt, "kind": $0.kind, "about": opt($0.personName), "asked": $0.body, "status": $0.status,
                                          "answer": opt($0.response)] as [String: Any] },
            "notIncluded": notesHeldBack,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }
}
