/// The fixed parts of the fictional demo borough ("Fernmoor"): geography, organisations,
/// teams, services and practitioners. Postcodes use the district letters ZY, which are
/// format-valid but belong to no real postcode area.
public struct DemoBoroughReference: Sendable {
    public struct Ward: Sendable { public let code, name: String; public let locality: Int }
    public struct SmallArea: Sendable { public let code, name: String; public let ward: Int; public let centre: Int }
    public struct Organisation: Sendable {
        public let code, name: String; public let kind: OrganisationKind
        /// How families reach a children's centre (printed on its welcome cards).
        public var contact: CentreDetails? = nil
    }
    public struct Team: Sendable { public let name: String; public let organisation: Int; public var locality: String? = nil }
    public struct Service: Sendable { public let name: String; public let kind: ServiceKind; public let organisation: Int; public let team: Int }
    public struct Practitioner: Sendable {
        public let username, displayName: String
        public let profession: Profession
        public let organisation: Int
        public let team: Int?
        public var roles: [Role] = []
    }

    public static let localities = ["North", "South", "East", "West"]
    public static let boroughName = "Fernmoor"

    public var wards: [Ward] = []
    public var areas: [SmallArea] = []
    public var organisations: [Organisation] = []
    public var teams: [Team] = []
    public var services: [Service] = []
    public var practitioners: [Practitioner] = []
    /// Normalised postcodes; `postcodeArea[i]` is the small area of `postcodes[i]`.
    public var postcodes: [String] = []
    public var postcodeArea: [Int] = []

    // Indexes the family generator needs.
    public var centreOrganisations: [Int] = []
    public var gpOrganisations: [Int] = []
    public var settingOrganisations: [Int] = []
    public var hvServiceByLocality: [Int] = []
    public var hvPractitionersByLocality: [[Int]] = []
    public var gpServices: [Int] = []
    public var centreServices: [Int] = []
    public var centreWorkersByCentre: [[Int]] = []
    public var settingServices: [Int] = []
    public var midwiferyService = 0, earlyHelpService = 0, socialCareService = 0, sltService = 0, fnpService = 0
    public var midwives: [Int] = [], gps: [Int] = [], earlyHelpWorkers: [Int] = [], socialWorkers: [Int] = []
    public var therapists: [Int] = [], familyNurses: [Int] = [], settingPractitioners: [Int] = []

    /// The borough's one operational information-sharing agreement: every partner, for direct care.
    public struct Agreement: Sendable {
        public let name: String
        public let purposes: [Purpose]
        public let categories: [DataCategory]
        public let lawfulBasis: LawfulBasis
        public let caldicottGuardian, siro, dpo: String
    }
    public let agreement = Agreement(
        name: "Fernmoor Early Years Information Sharing Agreement",
        purposes: [.directCare], categories: [.demographics, .servicesInvolved, .caseNotes, .birthNotifications, .assessments],
        lawfulBasis: .directCare, caldicottGuardian: "Dr Helen Ward (Caldicott Guardian)", siro: "Mark Allen (SIRO)", dpo: "Priya Shah (DPO)")

    public static let centreCount = 8
    public static let practiceCount = 20
    public static let settingCount = 30

    /// Builds the reference data for a borough expected to hold `families` families.
    public init(families: Int) {
        for (i, name) in DemoNames.wards.enumerated() {
            wards.append(Ward(code: "E0590" + String(format4: i + 1), name: name, locality: i * 4 / DemoNames.wards.count))
        }
        for w in wards.indices {
            for a in 0..<6 {
                let code = "E0190" + String(format4: w * 6 + a + 1)
                areas.append(SmallArea(code: code, name: "\(wards[w].name) \(String(UnicodeScalar(UInt8(65 + a))))",
                                       ward: w, centre: w * DemoBoroughReference.centreCount / wards.count))
            }
        }
        // About a dozen households per postcode, as in a real urban unit postcode.
        let postcodeCount = max(300, families / 12)
        let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
        for u in 0..<postcodeCount {
            let sector = u / 400, unit = u % 400
            let outward = "ZY\(sector / 10 + 1)"
            postcodes.append("\(outward) \(sector % 10)\(letters[unit / 20])\(letters[unit % 20])")
            postcodeArea.append(u * areas.count / postcodeCount)
        }

        func org(_ code: String, _ name: String, _ kind: OrganisationKind) -> Int {
            organisations.append(Organisation(code: code, name: name, kind: kind)); return organisations.count - 1
        }
        func team(_ name: String, _ o: Int) -> Int { teams.append(Team(name: name, organisation: o)); return teams.count - 1 }
        func service(_ name: String, _ kind: ServiceKind, _ o: Int, _ t: Int) -> Int {
            services.append(Service(name: name, kind: kind, organisation: o, team: t)); return services.count - 1
        }
        var counts: [Profession: Int] = [:]
        func person(_ profession: Profession, _ o: Int, _ t: Int?, _ base: String) -> Int {
            let n = (counts[profession] ?? 0) + 1
            counts[profession] = n
            let given = (n % 2 == 0 ? DemoNames.men : DemoNames.women)[(n * 7 + profession.rawValue.count) % 30]
            let family = DemoNames.surnames[(n * 13 + profession.rawValue.count * 3) % DemoNames.surnames.count]
            practitioners.append(Practitioner(username: n == 1 ? base : "\(base).\(n)", displayName: "\(given) \(family)",
                                              profession: profession, organisation: o, team: t))
            return practitioners.count - 1
        }

        let la = org("E0990001", "Fernmoor Borough Council", .localAuthority)
        let maternity = org("RZY01", "Fernmoor Hospitals NHS Trust", .maternityTrust)
        let community = org("RZY02", "Fernmoor Community Health NHS Trust", .communityTrust)

        let midwiferyTeam = team("Community midwifery", maternity)
        midwiferyService = service("Midwifery — Fernmoor community team", .midwifery, maternity, midwiferyTeam)
        let scale = max(1, families / 3_000)
        for _ in 0..<(2 + scale) { midwives.append(person(.midwife, maternity, midwiferyTeam, "midwife")) }

        for (l, locality) in DemoBoroughReference.localities.enumerated() {
            let t = team("Health visiting — \(locality)", community)
            teams[t].locality = locality
            hvServiceByLocality.append(service("Health visiting — \(locality) locality", .healthVisiting, community, t))
            var hvs: [Int] = []
            for _ in 0..<(2 + scale) { hvs.append(person(.healthVisitor, community, t, "health.visitor")) }
            _ = person(.nurseryNurse, community, t, "nursery.nurse")
            hvPractitionersByLocality.append(hvs)
            _ = l
        }
        let sltTeam = team("Children's speech and language therapy", community)
        sltService = service("Speech and language therapy — children", .speechAndLanguage, community, sltTeam)
        for _ in 0..<(1 + scale / 4) { therapists.append(person(.speechAndLanguageTherapist, community, sltTeam, "slt")) }
        let fnpTeam = team("Family Nurse Partnership", community)
        fnpService = service("Family Nurse Partnership", .familyNursePartnership, community, fnpTeam)
        for _ in 0..<(1 + scale / 4) { familyNurses.append(person(.familyNurse, community, fnpTeam, "family.nurse")) }
        let schoolNursing = team("School nursing", community)
        let schoolNurse = person(.schoolNurse, community, schoolNursing, "school.nurse")
        practitioners[schoolNurse].roles = [.safeguardingLead]   // the trust's named nurse for safeguarding

        let earlyHelpTeam = team("Early help — family support", la)
        earlyHelpService = service("Early help — family support", .earlyHelp, la, earlyHelpTeam)
        for _ in 0..<(1 + scale / 2) { earlyHelpWorkers.append(person(.earlyHelpWorker, la, earlyHelpTeam, "early.help")) }
        _ = person(.familySupportWorker, la, earlyHelpTeam, "family.support")
        let socialTeam = team("Children's social care — assessment", la)
        socialCareService = service("Children's social care — assessment and intervention", .socialCare, la, socialTeam)
        for _ in 0..<(1 + scale / 2) { socialWorkers.append(person(.socialWorker, la, socialTeam, "social.worker")) }
        let intelligence = team("Public health intelligence", la)
        _ = person(.analyst, la, intelligence, "analyst")
        let governance = team("Information governance", la)
        let ig = person(.informationGovernanceLead, la, governance, "ig.lead")
        practitioners[ig].roles = [.caldicottGuardian]
        _ = person(.administrator, la, nil, "admin")

        for c in 0..<DemoBoroughReference.centreCount {
            let firstWard = wards.firstIndex { $0.code == wards[c * wards.count / DemoBoroughReference.centreCount].code }!
            let o = org("CC\(String(format2: c + 1))", "\(wards[firstWard].name) Children's Centre", .childrensCentre)
            // Fictional: Ofcom's drama range of Leeds numbers, the borough's ZY postcodes.
            organisations[o].contact = CentreDetails(address: "\(12 + c * 7) \(wards[firstWard].name) Road, Fernmoor ZY\(c % 4 + 1) \(c % 9 + 1)AB",
                                                     phone: "0113 496 0\(100 + c)",
                                                     openingTimes: "Monday to Friday 9am to 5pm; Saturday 10am to 1pm")
            centreOrganisations.append(o)
            let t = team("\(wards[firstWard].name) centre team", o)
            centreServices.append(service("Children's centre — \(wards[firstWard].name)", .childrensCentre, o, t))
            centreWorkersByCentre.append([person(.childrensCentreWorker, o, t, "centre.worker")])
        }
        for p in 0..<DemoBoroughReference.practiceCount {
            let street = DemoNames.streets[p % DemoNames.streets.count]
            let o = org("Y9\(String(format4: p + 1))", "\(street.split(separator: " ").first!) Medical Practice", .gpPractice)
            gpOrganisations.append(o)
            let t = team("Practice clinicians", o)
            gpServices.append(service("GP — \(organisations[o].name)", .gp, o, t))
            gps.append(person(.gp, o, t, "gp"))
        }
        for s in 0..<DemoBoroughReference.settingCount {
            let name = ["Little Acorns", "Rainbow", "Busy Bees", "Sunflower", "Treetops", "Ladybird"][s % 6] +
                " Nursery " + wards[s % wards.count].name
            let o = org("EY\(String(format4: s + 1))", name, s % 5 == 4 ? .school : .earlyYearsSetting)
            settingOrganisations.append(o)
            let t = team("\(name) staff", o)
            settingServices.append(service("Early years — \(name)", .earlyYears, o, t))
            settingPractitioners.append(person(.earlyYearsPractitioner, o, t, "setting"))
        }
        // The community trust's records team keeps the person index: imports, reviews, merges.
        let recordsTeam = team("Records and data quality", community)
        let dq = person(.recordsOfficer, community, recordsTeam, "data.quality")
        practitioners[dq].roles = [.dataQuality]
        // The North locality's health visiting manager, who sees that locality's reports.
        practitioners.append(Practitioner(username: "locality.manager", displayName: "Ruth Penhallow", profession: .healthVisitor,
                                          organisation: community, team: teams.firstIndex { $0.locality == "North" }, roles: [.localityManager]))
    }
}
