import Testing
import Foundation
@testable import CradleCore

/// The persona × situation × resource matrix: the cells that matter, stated outright.
struct AccessPolicyTests {
    let cells = PolicyMatrix.cells(AccessPolicy())

    func decision(_ p: Profession, _ situation: String, _ resource: String) -> Decision {
        cells.first { $0.persona == p && $0.personaName == p.label && $0.situation == situation && $0.resource.hasPrefix(resource) }!.decision
    }

    /// A parent sees, downloads and asks about their own family only; gives consent for their
    /// children and themselves, never for the other parent; and nothing practitioners see.
    @Test func aParentReachesOnlyTheirOwnFamilysViewAndNeverNotes() {
        func family(_ situation: String, _ resource: String) -> Decision {
            cells.first { $0.persona == nil && $0.situation == situation && $0.resource.hasPrefix(resource) }!.decision
        }
        #expect(family("Their own family", "The family's own view").allowed)
        #expect(family("Their own family", "Download everything").allowed)
        #expect(family("Their own family", "Ask for a correction").allowed)
        #expect(family("Their own child", "Give or withdraw consent").allowed)
        #expect(family("Themselves", "Give or withdraw consent").allowed)
        for (situation, resource) in [("Another family", "The family's own view"), ("Another family", "Ask for a correction"),
                                      ("The other parent in their family", "Give or withdraw consent"), ("A child in another family", "Give or withdraw consent"),
                                      ("Any", "Every family's requests"), ("Their own child", "Health visitor's note"),
                                      ("Their own child", "Services involved and demographics"), ("Any", "Search"), ("Any", "Audit trail"),
                                      ("Any", "A children's centre's list")] {
            #expect(!family(situation, resource).allowed, "\(situation): \(resource)")
        }
        #expect(family("Their own child", "Health visitor's note").reason.contains("Notes stay with the practitioners"))
        // A practitioner's role opens nothing of a family's own view.
        for p in PolicyMatrix.personas {
            let actor = Actor(practitionerId: 100, profession: p, organisationId: 10, teamIds: [5], roles: [.dataQuality, .caldicottGuardian])
            var facts = AccessFacts(today: Day(year: 2026, month: 1, day: 15)!)
            facts.relationships = [.teamInvolved(service: "theirs")]
            #expect(!AccessPolicy().decide(actor, .read, Resource(.familyRecord, familyId: 3), purpose: .ownFamily, facts: facts).allowed, "\(p)")
        }
    }

    @Test func aRelationshipOpensTheRecordButNotOtherProfessionsNotes() {
        for p in [Profession.midwife, .healthVisitor, .gp, .earlyHelpWorker, .socialWorker, .childrensCentreWorker] {
            let d = decision(p, "Their team is involved", "Services involved")
            #expect(d.allowed && d.reason.contains("relationship"), "\(p)")
        }
        #expect(decision(.gp, "Their team is involved", "Services involved").reason.contains("shared under \"Demo ISA\""))
        let unagreed = decision(.gp, "Their team is involved; no agreement with the other organisation", "Services involved")
        #expect(!unagreed.allowed && unagreed.reason.contains("no live information-sharing agreement"))
        #expect(decision(.healthVisitor, "Their team is involved", "Health visitor's note").allowed, "same profession, under the agreement")
        #expect(decision(.healthVisitor, "Their team is involved", "Health visitor's note").reason.contains("Demo ISA"))
        #expect(!decision(.gp, "Their team is involved", "Health visitor's note").allowed)
        #expect(!decision(.earlyHelpWorker, "Their team is involved", "Health visitor's safeguarding").allowed)
        #expect(decision(.socialWorker, "Their team is involved", "Health visitor's safeguarding").allowed)
        let lead = cells.first { $0.personaName.hasPrefix("GP (safeguarding lead)") && $0.situation == "Their team is involved"
            && $0.resource.hasPrefix("Health visitor's safeguarding") }!.decision
        #expect(lead.allowed && lead.reason.contains("safeguarding lead"), "a safeguarding lead reads safeguarding notes")
        #expect(!decision(.gp, "Their team is involved", "Health visitor's safeguarding").allowed, "other GPs do not")
    }

    /// Consent to share birth details puts a family on the centre's list of new births (for the
    /// centre whose reach area they live in); it opens nothing of the record. Registration does.
    @Test func consentToShareBirthDetailsOpensOnlyTheCentresList() {
        let consented = decision(.childrensCentreWorker, "Family consented to centre sharing; agreement live", "Services involved")
        #expect(!consented.allowed)
        #expect(consented.reason.contains("list of new births") && consented.reason.contains("register"))
        #expect(!decision(.childrensCentreWorker, "Family consented to centre sharing; agreement live", "2-year review").allowed)
        let withdrawn = decision(.childrensCentreWorker, "Consent withdrawn", "Services involved")
        #expect(!withdrawn.allowed && withdrawn.reason.contains("withdrawn"))
        let registered = decision(.childrensCentreWorker, "Family registered with their centre; agreement live", "Services involved")
        #expect(registered.allowed && registered.reason.contains("registered with"))
        #expect(!decision(.childrensCentreWorker, "Family registered with their centre; no agreement", "Services involved").allowed)
        #expect(!decision(.childrensCentreWorker, "No relationship, no consent", "Services involved").allowed)
        #expect(decision(.childrensCentreWorker, "Works at the centre", "A children's centre's list").allowed)
        #expect(!decision(.childrensCentreWorker, "Works elsewhere", "A children's centre's list").allowed)
        // Consent to centre sharing opens nothing for other professions.
        #expect(!decision(.gp, "Family consented to centre sharing; agreement live", "Services involved").allowed)
    }

    @Test func breakGlassOpensTheRecordAndIsMarked() {
        let d = decision(.gp, "No relationship; break-glass open", "Services involved")
        #expect(d.allowed && d.breakGlass && d.reason.hasPrefix("Break-glass"))
        #expect(!decision(.gp, "No relationship, no consent", "Services involved").allowed)
        #expect(!decision(.analyst, "No relationship; break-glass open", "Services involved").allowed)
    }

    @Test func analystsAdministratorsAndGovernanceLeadsNeverSeeNamedRecords() {
        for p in [Profession.analyst, .administrator, .informationGovernanceLead] {
            for situation in ["Their team is involved", "No relationship; break-glass open"] {
                #expect(!decision(p, situation, "Services involved").allowed, "\(p) \(situation)")
            }
        }
        #expect(!decision(.analyst, "Any", "Search").allowed)
        #expect(!decision(.administrator, "Any", "Search").allowed)
        #expect(decision(.informationGovernanceLead, "Any", "Audit trail").allowed)
        #expect(!decision(.healthVisitor, "Any", "Audit trail").allowed)
        #expect(decision(.healthVisitor, "Any", "Search").obligations.first?.contains("postcode district") == true)
    }

    /// A GP practice's system reads its registered children's demographics, services, contacts
    /// and reviews; another practice's child, notes, consent, early help and every write are refused.
    @Test func aPracticeSystemReadsOnlyItsRegisteredChildren() {
        let policy = AccessPolicy()
        let system = Actor.practiceSystem(ods: "Y00001")
        var facts = AccessFacts(today: Day(year: 2026, month: 11, day: 27)!)
        facts.registeredPractice = "Y00001"
        for category in [Resource.Category.demographics, .servicesInvolved, .contact, .assessment] {
            #expect(policy.decide(system, .read, Resource(category, personId: 7), purpose: .directCare, facts: facts).allowed, "\(category)")
            #expect(!policy.decide(system, .update, Resource(category, personId: 7), purpose: .directCare, facts: facts).allowed, "\(category)")
        }
        for category in [Resource.Category.caseNote, .consent, .family, .earlyHelpFamily, .personIndex, .auditTrail, .notification] {
            #expect(!policy.decide(system, .read, Resource(category, personId: 7), purpose: .directCare, facts: facts).allowed, "\(category)")
        }
        var elsewhere = facts
        elsewhere.registeredPractice = "Y00002"
        #expect(!policy.decide(system, .read, Resource(.demographics, personId: 7), purpose: .directCare, facts: elsewhere).allowed)
        elsewhere.registeredPractice = nil
        #expect(!policy.decide(system, .read, Resource(.demographics, personId: 7), purpose: .directCare, facts: elsewhere).allowed)
        #expect(!policy.decide(system, .read, Resource(.demographics, personId: 7), purpose: .directCare, facts: nil).allowed)
        #expect(system.isSystem && !system.isSignedIn)
    }

    @Test func noFactsMeansNo() {
        let d = AccessPolicy().decide(Actor(practitionerId: 1, profession: .healthVisitor, organisationId: 1), .read,
                                      Resource(.servicesInvolved, personId: 1), purpose: .directCare)
        #expect(!d.allowed)
        #expect(!AccessPolicy().decide(.anonymous, .read, Resource(.servicesInvolved, personId: 1), purpose: .directCare).allowed)
    }

    @Test func rulesAreDataThatCanChange() {
        var rules = PolicyRules.standard
        rules.safeguardingReaders = []
        let strict = AccessPolicy(rules: rules)
        let cell = PolicyMatrix.cells(strict).first { $0.personaName == Profession.socialWorker.label && $0.situation == "Their team is involved"
            && $0.resource.hasPrefix("Health visitor's safeguarding") }!
        #expect(!cell.decision.allowed, "without the safeguarding readers rule a social worker reads only their own profession's notes")
    }
}

struct PublishedMatrixTests {
    /// docs/access-matrix.md is generated from the policy; if they differ, regenerate it with
    /// `swift run cradle policy matrix`.
    @Test func theDocsTableIsThePolicy() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let published = try String(contentsOf: root.appendingPathComponent("docs/access-matrix.md"), encoding: .utf8)
        #expect(published == PolicyMatrix.markdown(AccessPolicy()))
    }
}

struct WritePolicyMatrixTests {
    let cells = PolicyMatrix.cells(AccessPolicy())

    func decision(_ p: Profession, _ resource: String) -> Decision {
        cells.first { $0.persona == p && $0.personaName == p.label && $0.resource.hasPrefix(resource) }!.decision
    }

    @Test func onlyUniversalServicesStartWithoutARelationshipAndNobodyChangesAnotherTeamsInvolvement() {
        for p in [Profession.midwife, .healthVisitor, .gp] { #expect(decision(p, "Start an involvement as a universal").allowed, "\(p)") }
        for p in [Profession.childrensCentreWorker, .earlyHelpWorker, .socialWorker, .earlyYearsPractitioner] {
            #expect(!decision(p, "Start an involvement as a universal").allowed, "\(p)")
        }
        for p in PolicyMatrix.personas {
            #expect(!decision(p, "Start an involvement on the family's agreement").allowed, "\(p) without a relationship")
            #expect(!decision(p, "Change or end another team's involvement").allowed, "\(p)")
        }
    }

    /// A universal service's duty reaches only its own children.
    @Test func aUniversalServiceStartsOnlyWithItsOwnChildren() {
        let policy = AccessPolicy()
        func decide(_ p: Profession, _ adjust: (inout InvolvementFact) -> Void) -> Bool {
            var f = InvolvementFact(proposedTeamId: 5, basis: .universalService)
            (f.childLocality, f.teamLocality, f.childPractice, f.actorPractice, f.ageInDays) = ("North", "North", "Y90001", "Y90001", 10)
            adjust(&f)
            var facts = AccessFacts(today: Day(year: 2026, month: 1, day: 15)!)
            facts.involvement = f
            return policy.decide(Actor(practitionerId: 1, profession: p, organisationId: 10, teamIds: [5]), .create,
                                 Resource(.involvement, personId: 1), purpose: .directCare, facts: facts).allowed
        }
        #expect(decide(.gp) { _ in } && !decide(.gp) { $0.childPractice = "Y90002" } && !decide(.gp) { $0.childPractice = nil })
        #expect(decide(.healthVisitor) { _ in } && !decide(.healthVisitor) { $0.childLocality = "South" } && !decide(.healthVisitor) { $0.teamLocality = nil })
        #expect(decide(.midwife) { _ in } && !decide(.midwife) { $0.ageInDays = 29 } && decide(.midwife) { $0.ageInDays = nil; $0.unborn = true })
        #expect(!decide(.familyNurse) { _ in }, "the Family Nurse Partnership is targeted, not universal")
    }

    @Test func reportsAreForAnalystsCentresAndTheirOwnTeams() {
        #expect(decision(.analyst, "Aggregate reports").allowed)
        #expect(decision(.childrensCentreWorker, "Aggregate reports").allowed)
        #expect(decision(.healthVisitor, "Aggregate reports").allowed)
        for p in [Profession.midwife, .gp, .earlyHelpWorker, .socialWorker, .administrator, .informationGovernanceLead] {
            #expect(!decision(p, "Aggregate reports").allowed, "\(p)")
        }
    }
}
