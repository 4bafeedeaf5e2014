/// The persona × situation × resource table the docs publish, computed from the policy so it
/// can never disagree with what Cradle does.
public enum PolicyMatrix {
    public struct Cell: Sendable {
        /// The practitioner's profession; none for a parent or carer.
        public var persona: Profession?
        /// The profession, with any role that changes what they see.
        public var personaName: String
        public var situation: String
        public var resource: String
        public var decision: Decision
    }

    public static let personas: [Profession] = [.midwife, .healthVisitor, .gp, .childrensCentreWorker, .earlyHelpWorker,
                                                .socialWorker, .earlyYearsPractitioner, .analyst, .administrator,
                                                .informationGovernanceLead, .recordsOfficer]

    /// Personas whose role changes what they see: a GP who is the practice's safeguarding lead.
    public static let roleHolders: [(Profession, Role)] = [(.gp, .safeguardingLead), (.recordsOfficer, .dataQuality)]

    static let today = Day(year: 2026, month: 1, day: 15)!
    static let actorOrg: Int64 = 10, otherOrg: Int64 = 20, childId: Int64 = 1

    static let agreement = AgreementFact(id: 1, name: "Demo ISA", parties: [actorOrg, otherOrg], purposes: [.directCare],
                                         categories: [.demographics, .servicesInvolved, .caseNotes, .assessments], lawfulBasis: .directCare,
                                         status: .operational, start: today - 300, end: nil)
    static let consent = ConsentFact(id: 1, purpose: .birthDetailsToChildrensCentres, status: .given, recipientKinds: [.childrensCentre], givenOn: today - 30)
    static let settingConsent = ConsentFact(id: 3, purpose: .twoYearReviewToSetting, status: .given, recipientKinds: [.earlyYearsSetting], givenOn: today - 30)

    /// The situations, as facts the server would find.
    public static func situations(for persona: Profession) -> [(String, AccessFacts)] {
        var related = AccessFacts(today: today)
        related.relationships = [.teamInvolved(service: "a service of their team")]
        related.agreements = [agreement]
        related.dataOrganisations = [actorOrg, otherOrg]
        var relatedNoAgreement = related
        relatedNoAgreement.agreements = []
        var consented = AccessFacts(today: today)
        // A setting's consent is to share the 2-year review with it; a centre's, birth details.
        let setting = persona == .earlyYearsPractitioner
        consented.consents = setting ? [settingConsent] : [consent]
        consented.agreements = [agreement]
        consented.dataOrganisations = [otherOrg]
        consented.actorOrganisationKind = persona == .childrensCentreWorker ? .childrensCentre : setting ? .earlyYearsSetting : nil
        var noAgreement = consented
        noAgreement.agreements = []
        var withdrawn = consented
        withdrawn.consents = [ConsentFact(id: 2, purpose: setting ? .twoYearReviewToSetting : .birthDetailsToChildrensCentres,
                                          status: .withdrawn, givenOn: today - 2)]
        var stranger = AccessFacts(today: today)
        stranger.dataOrganisations = [otherOrg]
        var glass = stranger
        glass.breakGlass = BreakGlassFact(id: 1, reason: "Child brought to clinic out of hours", expiresAt: "2026-01-15T12:00:00Z")
        var registered = consented
        registered.relationships = [.registeredWithCentre(centre: "their centre")]
        var registeredNoAgreement = registered
        registeredNoAgreement.agreements = []
        let centre = persona == .childrensCentreWorker
            ? [("Family registered with their centre; agreement live", registered), ("Family registered with their centre; no agreement", registeredNoAgreement)]
            : []
        return centre + [("Their team is involved", related), ("Their team is involved; no agreement with the other organisation", relatedNoAgreement),
                (setting ? "Family consented to share the 2-year review with the setting; agreement live" : "Family consented to centre sharing; agreement live", consented),
                ("Consented, but no agreement covers it", noAgreement), ("Consent withdrawn", withdrawn),
                ("No relationship, no consent", stranger), ("No relationship; break-glass open", glass)]
    }

    /// Every cell, in a stable order.
    public static func cells(_ policy: AccessPolicy) -> [Cell] {
        var out: [Cell] = []
        let everyone: [(Profession, Role?)] = personas.map { ($0, nil) } + roleHolders.map { ($0.0, $0.1) }
        for (persona, role) in everyone {
            let actor = Actor(practitionerId: 100, profession: persona, organisationId: actorOrg, teamIds: [5], roles: role.map { [$0] } ?? [])
            let personaName = persona.label + (role.map { " (\($0.label.lowercased()))" } ?? "")
            for (situation, facts) in situations(for: persona) {
                func add(_ resource: String, _ r: Resource, _ f: AccessFacts) {
                    out.append(Cell(persona: persona, personaName: personaName, situation: situation, resource: resource,
                                    decision: policy.decide(actor, .read, r, purpose: .directCare, facts: f)))
                }
                add("Services involved and demographics", Resource(.servicesInvolved, personId: childId), facts)
                var note = facts
                note.note = NoteFact(authorId: 7, authorProfession: .healthVisitor, authorOrganisation: otherOrg, visibility: .profession)
                add("Health visitor's note (profession only, another organisation)", Resource(.caseNote, personId: childId, noteId: 1), note)
                note.note = NoteFact(authorId: 7, authorProfession: .healthVisitor, authorOrganisation: otherOrg, visibility: .safeguarding)
                add("Health visitor's safeguarding note", Resource(.caseNote, personId: childId, noteId: 2), note)
                add("2-year review and ASQ-3 results", Resource(.assessment, personId: childId), facts)
            }
            let facts = AccessFacts(today: today)
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Search (minimal demographics)",
                            decision: policy.decide(actor, .search, Resource(.searchResult), purpose: .directCare, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Audit trail and agreements",
                            decision: policy.decide(actor, .read, Resource(.auditTrail), purpose: .directCare, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Person index: imports, link review, merges, export",
                            decision: policy.decide(actor, .read, Resource(.personIndex), purpose: .directCare, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Works at the centre", resource: "A children's centre's list of new births",
                            decision: policy.decide(actor, .read, Resource(.centreList, itemId: actorOrg), purpose: .directCare, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Works elsewhere", resource: "A children's centre's list of new births",
                            decision: policy.decide(actor, .read, Resource(.centreList, itemId: otherOrg), purpose: .directCare, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Send a birth notification into a feed",
                            decision: policy.decide(actor, .create, Resource(.notification, itemId: 1), purpose: .administration, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Aggregate reports (reach, timeliness)",
                            decision: policy.decide(actor, .read, Resource(.aggregateReport), purpose: .directCare, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Record the partnership's maturity scores (no person's data)",
                            decision: policy.decide(actor, .create, Resource(.partnership), purpose: .administration, facts: facts)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Service metrics (no person's data)",
                            decision: policy.decide(actor, .read, Resource(.serviceMetrics), purpose: .administration, facts: facts)))
            var start = facts
            var universal = InvolvementFact(proposedTeamId: 5, basis: .universalService)
            (universal.childLocality, universal.teamLocality, universal.childPractice, universal.actorPractice, universal.unborn) = ("North", "North", "Y90001", "Y90001", true)
            start.involvement = universal
            out.append(Cell(persona: persona, personaName: personaName, situation: "No relationship; their team's service; the child is theirs (registered with the practice, in the team's locality, unborn)",
                            resource: "Start an involvement as a universal health service",
                            decision: policy.decide(actor, .create, Resource(.involvement, personId: childId), purpose: .directCare, facts: start)))
            start.involvement = InvolvementFact(proposedTeamId: 5, basis: .familyAgreed)
            out.append(Cell(persona: persona, personaName: personaName, situation: "No relationship; their team's service", resource: "Start an involvement on the family's agreement",
                            decision: policy.decide(actor, .create, Resource(.involvement, personId: childId), purpose: .directCare, facts: start)))
            var other = facts
            other.relationships = [.teamInvolved(service: "a service of their team")]
            other.involvement = InvolvementFact(teamId: 9)
            out.append(Cell(persona: persona, personaName: personaName, situation: "Their team is involved", resource: "Change or end another team's involvement",
                            decision: policy.decide(actor, .update, Resource(.involvement, personId: childId, itemId: 1), purpose: .directCare, facts: other)))
            out.append(Cell(persona: persona, personaName: personaName, situation: "Any", resource: "Early help triage queue and advice line",
                            decision: policy.decide(actor, .read, Resource(.frontDoor), purpose: .directCare, facts: facts)))
            for (situation, eh) in [("Sits on the panel; family on its agenda", EarlyHelpFacts(panelMember: true, familyOnAgenda: true)),
                                    ("Sits on the panel; family not on its agenda", EarlyHelpFacts(panelMember: true)),
                                    ("Not on the panel", EarlyHelpFacts())] {
                var f = facts
                f.earlyHelp = eh
                out.append(Cell(persona: persona, personaName: personaName, situation: situation, resource: "A panel's agenda family (for the panel)",
                                decision: policy.decide(actor, .read, Resource(.panelAgenda, familyId: 3, itemId: 1), purpose: .multiAgencyPanel, facts: f)))
            }
            for (situation, role) in [("Lead professional", EarlyHelpFacts.PlanRole.lead), ("Member of the team around the family", .member), ("Not in the team", nil)] {
                var f = facts
                f.earlyHelp.planRole = role
                out.append(Cell(persona: persona, personaName: personaName, situation: situation, resource: "Team-around-the-family plan",
                                decision: policy.decide(actor, .read, Resource(.familyPlan, itemId: 1), purpose: .directCare, facts: f)))
            }
        }
        out += systemClientCells(policy)
        out += practiceSystemCells(policy)
        out += metricsSystemCells(policy)
        out += familyCells(policy)
        return out
    }

    /// A parent signed in to their own family's record, asked about their family, another
    /// family, and what only practitioners see.
    static func familyCells(_ policy: AccessPolicy) -> [Cell] {
        let own: Int64 = 3, other: Int64 = 4
        let parent = Actor.family(FamilyMember(accountId: 1, personId: 30, familyId: own))
        func facts(family: Int64, child: Bool) -> AccessFacts {
            var f = AccessFacts(today: today)
            (f.personFamilyId, f.personIsChild) = (family, child)
            return f
        }
        let questions: [(String, AccessFacts, String, Action, Resource)] = [
            ("Their own family", facts(family: own, child: true), "The family's own view (who is involved, reviews, who looked, consent, plan)", .read, Resource(.familyRecord, familyId: own)),
            ("Their own family", facts(family: own, child: true), "Download everything held about the family", .export, Resource(.familyRecord, familyId: own)),
            ("Another family", facts(family: other, child: true), "The family's own view (who is involved, reviews, who looked, consent, plan)", .read, Resource(.familyRecord, familyId: other)),
            ("Their own child", facts(family: own, child: true), "Give or withdraw consent", .create, Resource(.consent, personId: 31)),
            ("Themselves", facts(family: own, child: false), "Give or withdraw consent", .create, Resource(.consent, personId: 30)),
            ("The other parent in their family", facts(family: own, child: false), "Give or withdraw consent", .create, Resource(.consent, personId: 32)),
            ("A child in another family", facts(family: other, child: true), "Give or withdraw consent", .create, Resource(.consent, personId: 41)),
            ("Their own family", facts(family: own, child: true), "Ask for a correction or a review change", .create, Resource(.familyRequest, familyId: own)),
            ("Another family", facts(family: other, child: true), "Ask for a correction or a review change", .create, Resource(.familyRequest, familyId: other)),
            ("Any", AccessFacts(today: today), "Every family's requests (the records team's queue)", .read, Resource(.familyRequest)),
            ("Their own child", facts(family: own, child: true), "Health visitor's note (profession only, another organisation)", .read, Resource(.caseNote, personId: 31, noteId: 1)),
            ("Their own child", facts(family: own, child: true), "Services involved and demographics (the practitioners' record)", .read, Resource(.servicesInvolved, personId: 31)),
            ("Any", AccessFacts(today: today), "Search (minimal demographics)", .search, Resource(.searchResult)),
            ("Any", AccessFacts(today: today), "Audit trail and agreements", .read, Resource(.auditTrail)),
            ("Any", AccessFacts(today: today), "A children's centre's list of new births", .read, Resource(.centreList, itemId: actorOrg)),
        ]
        return questions.map { situation, facts, resource, action, r in
            Cell(persona: nil, personaName: "Parent or carer (signed in to their family's record)", situation: situation, resource: resource,
                 decision: policy.decide(parent, action, r, purpose: .ownFamily, facts: facts))
        }
    }

    /// The monitoring system's credential, asked about the metrics and a record.
    static func metricsSystemCells(_ policy: AccessPolicy) -> [Cell] {
        let questions: [(String, Action, Resource)] = [
            ("Service metrics (no person's data)", .read, Resource(.serviceMetrics)),
            ("Services involved and demographics", .read, Resource(.servicesInvolved, personId: childId)),
            ("Search (minimal demographics)", .search, Resource(.searchResult)),
        ]
        return questions.map { resource, action, r in
            Cell(persona: .administrator, personaName: "Monitoring system (metrics credential)", situation: "Any", resource: resource,
                 decision: policy.decide(.metricsSystem, action, r, purpose: .administration, facts: AccessFacts(today: today)))
        }
    }

    /// A maternity system's notify-only credential, asked about its own feed and everything else.
    static func systemClientCells(_ policy: AccessPolicy) -> [Cell] {
        let client = Actor.systemClient(source: 1)
        let facts = AccessFacts(today: today)
        let questions: [(String, String, Action, Resource)] = [
            ("Its own feed", "Send a birth notification into a feed", .create, Resource(.notification, itemId: 1)),
            ("Another source's feed", "Send a birth notification into a feed", .create, Resource(.notification, itemId: 2)),
            ("Any", "Search (minimal demographics)", .search, Resource(.searchResult)),
            ("Any", "Services involved and demographics", .read, Resource(.servicesInvolved, personId: childId)),
            ("Any", "Person index: imports, link review, merges, export", .create, Resource(.personIndex)),
        ]
        return questions.map { situation, resource, action, r in
            Cell(persona: .administrator, personaName: "System client (notify credential)", situation: situation, resource: resource,
                 decision: policy.decide(client, action, r, purpose: .administration, facts: facts))
        }
    }

    /// A GP practice's system with the read scope, asked about its registered child, another
    /// practice's child, and what it never reads or writes.
    static func practiceSystemCells(_ policy: AccessPolicy) -> [Cell] {
        let system = Actor.practiceSystem(ods: "Y00001")
        var registered = AccessFacts(today: today)
        registered.registeredPractice = "Y00001"
        var elsewhere = registered
        elsewhere.registeredPractice = "Y00002"
        let questions: [(String, AccessFacts, String, Action, Resource)] = [
            ("Registered with the practice", registered, "Services involved and demographics", .read, Resource(.servicesInvolved, personId: childId)),
            ("Registered with the practice", registered, "Healthy Child Programme reviews", .read, Resource(.assessment, personId: childId)),
            ("Registered with the practice", registered, "Case notes", .read, Resource(.caseNote, personId: childId)),
            ("Registered with the practice", registered, "Consent decisions", .read, Resource(.consent, personId: childId)),
            ("Registered with the practice", registered, "Record a contact", .create, Resource(.contact, personId: childId)),
            ("Registered with another practice", elsewhere, "Services involved and demographics", .read, Resource(.servicesInvolved, personId: childId)),
        ]
        return questions.map { situation, facts, resource, action, r in
            Cell(persona: .gp, personaName: "GP practice system (read scope)", situation: situation, resource: resource,
                 decision: policy.decide(system, action, r, purpose: .directCare, facts: facts))
        }
    }

    /// The matrix as a Markdown page.
    public static func markdown(_ policy: AccessPolicy) -> String {
        var lines = ["# Who can see what", "",
                     "Generated from Cradle's access policy by `swift run cradle policy matrix`; a test fails if this page",
                     "and the policy disagree. Each row is one question to the policy: a persona, a situation (the facts",
                     "Cradle found about their relationship, the family's consent, agreements and break-glass) and a",
                     "resource. The reason is what the practitioner is shown.", "",
                     "| Persona | Situation | Resource | Decision | Reason |", "|---|---|---|---|---|"]
        for c in cells(policy) {
            let verdict = c.decision.allowed ? (c.decision.breakGlass ? "Allow (break-glass)" : "Allow") : "Deny"
            lines.append("| \(c.personaName) | \(c.situation) | \(c.resource) | \(verdict) | \(String(c.decision.reason.map { $0 == "|" ? "/" : $0 })) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
