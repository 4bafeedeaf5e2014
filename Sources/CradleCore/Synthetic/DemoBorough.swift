/// Builds the fictional demo borough deterministically from a seed.
///
/// Distributions follow `shared/data/demo_borough_facts.md` (ONS, OHID, NHS England):
/// sex ratio 1,052 boys per 1,000 girls (ONS 2023); gestation by week (ONS child mortality
/// tables 2022: 7.9% preterm); birth weight by gestation with a 2,500 g low-weight share
/// near 7% (ONS 2022); mother's age bands (ONS 2023 Table 10); twins 14.2 per 1,000
/// maternities; about 40% of families move before the child is five (Millennium Cohort);
/// new birth visits 85% within 14 days, 6–8 week reviews 82% by 8 weeks, 12-month reviews
/// 88% by 15 months, 2-year reviews 81% (OHID 2023–25); about 10% of appointments missed
/// (Kent Community Health); 55% of families use a children's centre (ECCE).
public struct DemoBorough: Sendable {
    public let seed: UInt64
    public let children: Int
    public let today: Day
    public let reference: DemoBoroughReference

    /// Families per child: one family in four has two under-fives, a few have three.
    public static let childrenPerFamily = 1.3

    public init(seed: UInt64, children: Int, today: Day) {
        self.seed = seed
        self.children = children
        self.today = today
        reference = DemoBoroughReference(families: Int(Double(children) / DemoBorough.childrenPerFamily) + 1)
    }

    /// The families in order until `children` children have been made. NHS numbers come from
    /// the 999 test range, so none can belong to a real person.
    public func families() -> Families { Families(borough: self) }

    /// A sequence, so that a loader can write families in chunks without holding them all.
    public struct Families: Sequence, IteratorProtocol, Sendable {
        let borough: DemoBorough
        var rng: SplitMix64
        var nhsCursor = 999_000_000
        var made = 0
        var index = 0

        init(borough: DemoBorough) {
            self.borough = borough
            rng = SplitMix64(seed: borough.seed)
        }

        public mutating func next() -> DemoFamily? {
            guard made < borough.children else { return nil }
            let family = borough.makeFamily(index: index, remaining: borough.children - made, rng: &rng, nhsCursor: &nhsCursor)
            made += family.childCount
            index += 1
            return family
        }
    }

    /// The 999 test range holds about 909,000 valid numbers; a larger borough continues in the
    /// 000–009 block, which no UK scheme issues either.
    func nextNHSNumber(_ cursor: inout Int) -> NHSNumber {
        while true {
            cursor += 1
            if cursor > 999_999_999 { cursor = 1 }
            precondition(cursor < 10_000_000 || cursor >= 999_000_000, "synthetic NHS numbers exhausted")
            if let n = NHSNumber.make(firstNine: cursor) { return n }
        }
    }

    /// Singletons: the ONS weeks for all births with the preterm weeks scaled by 0.8, because
    /// twins (2.8% of births, about 60% preterm) bring the total back to the ONS 7.9%.
    static let gestationWeeks: [(Int, Double)] = [
        (26, 0.38), (29, 0.28), (31, 0.34), (32, 0.28), (33, 0.37), (34, 0.8), (35, 1.2), (36, 2.56),
        (37, 9.2), (38, 16.2), (39, 31.1), (40, 22.4), (41, 11.6), (42, 1.6),
    ]
    static let motherAge: [(ClosedRange<Int>, Double)] = [
        (16...19, 2.3), (20...24, 11.5), (25...29, 25.7), (30...34, 34.6), (35...39, 20.6), (40...45, 5.2),
    ]

    /// Mean birth weight by gestation, so that low birth weight clusters in preterm babies.
    static func meanWeight(weeks: Int, male: Bool) -> Double {
        let term = 3_450.0 + (male ? 60 : -60)
        if weeks >= 40 { return term + Double(weeks - 40) * 120 }
        if weeks >= 37 { return term - Double(40 - weeks) * 120 }
        return term - 450 - Double(37 - weeks) * 230
    }

    func makeFamily(index: Int, remaining: Int, rng: inout SplitMix64, nhsCursor: inout Int) -> DemoFamily {
        let ref = reference
        let surname = rng.pick(DemoNames.surnames)
        var family = DemoFamily(name: "\(surname) family")

        // Children under five: the youngest is between 9 months before birth and 5 years old.
        var childCount = rng.weighted([(1, 0.74), (2, 0.23), (3, 0.03)])
        let twins = rng.chance(0.0142)
        childCount = min(childCount + (twins ? 1 : 0), max(1, remaining))
        let youngest = today + 270 - rng.int(0...(5 * 365 + 270 - 1))
        var birthDates: [Day] = []
        var cursor = youngest
        for i in 0..<childCount {
            if i == 1 && twins { birthDates.append(birthDates[0]); continue }
            birthDates.append(cursor)
            cursor = cursor - rng.int(500...1_100)
        }
        birthDates = birthDates.filter { today - $0 < 5 * 365 + 1 }
        if birthDates.isEmpty { birthDates = [youngest] }

        let motherAge = rng.int(rng.weighted(DemoBorough.motherAge.map { ($0.0, $0.1) }))
        let motherDOB = youngest - motherAge * 365 - rng.int(0...364)
        family.members.append(.init(kind: .adult, relationship: .mother, givenName: rng.pick(DemoNames.women),
                                    familyName: surname, sex: .female, dateOfBirth: motherDOB, expectedDeliveryDate: nil,
                                    nhsNumber: nextNHSNumber(&nhsCursor), gestationWeeks: nil, birthWeightGrams: nil))
        // Sole registrations and joint registrations at different addresses: 15% (ONS 2023).
        if rng.chance(0.85) {
            family.members.append(.init(kind: .adult, relationship: .father, givenName: rng.pick(DemoNames.men),
                                        familyName: rng.chance(0.8) ? surname : rng.pick(DemoNames.surnames), sex: .male,
                                        dateOfBirth: motherDOB - rng.int(-700...1_800), expectedDeliveryDate: nil,
                                        nhsNumber: nextNHSNumber(&nhsCursor), gestationWeeks: nil, birthWeightGrams: nil))
        }
        var childMembers: [Int] = []
        var usedNames: Set<String> = []
        for date in birthDates {
            let male = rng.chance(0.513)
            var given = rng.pick(male ? DemoNames.boys : DemoNames.girls)
            while usedNames.contains(given) { given = rng.pick(male ? DemoNames.boys : DemoNames.girls) }
            usedNames.insert(given)
            let unborn = date > today
            var member = DemoFamily.Member(kind: .child, relationship: .child, givenName: unborn ? "Baby" : given,
                                           familyName: surname, sex: unborn ? .unknown : (male ? .male : .female),
                                           dateOfBirth: unborn ? nil : date, expectedDeliveryDate: unborn ? date : nil,
                                           nhsNumber: nil, gestationWeeks: nil, birthWeightGrams: nil)
            if !unborn {
                // A few newborns are still being traced (verification status 08), so carry no number yet.
                member.nhsNumber = (today - date < 42 && rng.chance(0.05)) ? nil : nextNHSNumber(&nhsCursor)
                var weeks = rng.weighted(DemoBorough.gestationWeeks)
                if twins && date == birthDates[0] { weeks = min(weeks, rng.int(34...38)) }
                member.gestationWeeks = weeks
                let mean = DemoBorough.meanWeight(weeks: weeks, male: male) - (twins ? 500 : 0)
                member.birthWeightGrams = Int(min(5_800, max(450, rng.normal(mean: mean, sd: 400))).rounded())
                member.expectedDeliveryDate = date + (40 - weeks) * 7
            }
            family.members.append(member)
            childMembers.append(family.members.count - 1)
        }

        // Home: 40% of families move before their child is five.
        let postcode = rng.int(0...(ref.postcodes.count - 1))
        let street = DemoNames.streets[postcode % DemoNames.streets.count]
        let oldest = birthDates.last!
        if rng.chance(0.4) {
            let moved = oldest + rng.int(30...max(31, min(today - oldest, 1_800)))
            let movedOn = min(moved, today - 1)
            let before = (postcode + rng.int(1...(ref.postcodes.count - 1))) % ref.postcodes.count
            family.addresses.append(.init(line: "\(rng.int(1...180)) \(DemoNames.streets[before % DemoNames.streets.count])",
                                          postcode: before, from: oldest - rng.int(200...2_000), to: movedOn))
            family.addresses.append(.init(line: "\(rng.int(1...180)) \(street)", postcode: postcode, from: movedOn + 1, to: nil))
        } else {
            family.addresses.append(.init(line: "\(rng.int(1...180)) \(street)", postcode: postcode, from: oldest - rng.int(200...2_000), to: nil))
        }

        let area = ref.areas[ref.postcodeArea[postcode]]
        let locality = ref.wards[area.ward].locality
        let hvService = ref.hvServiceByLocality[locality]
        let hv = rng.pick(ref.hvPractitionersByLocality[locality])
        let practice = rng.int(0...(ref.gpServices.count - 1))
        let firstStart = oldest - (oldest > today ? 0 : 90)
        family.involvements.append(.init(service: hvService, member: nil, start: min(firstStart, today), end: nil, lead: hv))
        let usesCentre = rng.chance(0.55)
        if usesCentre {
            let centre = area.centre
            family.involvements.append(.init(service: ref.centreServices[centre], member: nil,
                                             start: min(oldest + rng.int(20...400), today), end: nil,
                                             lead: ref.centreWorkersByCentre[centre][0]))
        }
        if rng.chance(0.03) {
            family.involvements.append(.init(service: ref.earlyHelpService, member: nil, start: today - rng.int(10...300),
                                             end: nil, lead: rng.pick(ref.earlyHelpWorkers)))
        }
        if rng.chance(0.02) {
            family.involvements.append(.init(service: ref.socialCareService, member: nil, start: today - rng.int(10...400),
                                             end: nil, lead: rng.pick(ref.socialWorkers)))
        }

        for c in childMembers {
            let child = family.members[c]
            let due = child.dateOfBirth ?? child.expectedDeliveryDate!
            let age = today - due   // negative before birth
            addMaternity(&family, child: c, due: due, age: age, rng: &rng)
            guard let born = child.dateOfBirth else {
                if age > -84 {   // from 28 weeks of pregnancy
                    family.contacts.append(.init(member: c, service: hvService, practitioner: hv, date: min(today, due - rng.int(56...84)),
                                                 type: .antenatalReview, place: .home, outcome: rng.chance(0.7) ? .attended : .booked))
                }
                continue
            }
            family.involvements.append(.init(service: ref.gpServices[practice], member: c, start: born + rng.int(5...40),
                                             end: nil, lead: ref.gps[practice]))
            addReviews(&family, child: c, born: born, service: hvService, hv: hv, rng: &rng)
            let ageYears = Double(age) / 365.25
            if (ageYears >= 3 && rng.chance(0.9)) || (ageYears >= 2 && rng.chance(0.4)) || (ageYears >= 0.75 && rng.chance(0.12)) {
                let s = rng.int(0...(ref.settingServices.count - 1))
                family.involvements.append(.init(service: ref.settingServices[s], member: c,
                                                 start: min(today, born + max(270, Int(ageYears >= 3 ? 1_100 : 730) - rng.int(0...60))),
                                                 end: nil, lead: ref.settingPractitioners[s]))
            }
            if ageYears >= 2, rng.chance(0.05) {
                let start = born + 760 + rng.int(0...max(1, age - 760))
                family.involvements.append(.init(service: ref.sltService, member: c, start: min(start, today), end: nil,
                                                 lead: rng.pick(ref.therapists)))
            }
            if motherAge < 20, c == childMembers.last, ageYears < 2 {
                family.involvements.append(.init(service: ref.fnpService, member: c, start: born - 120, end: nil,
                                                 lead: rng.pick(ref.familyNurses)))
            }
            if usesCentre {
                let centre = area.centre
                for _ in 0..<rng.int(0...3) {
                    let when = today - rng.int(1...360)
                    guard when > born else { continue }
                    family.contacts.append(.init(member: c, service: ref.centreServices[centre], practitioner: ref.centreWorkersByCentre[centre][0],
                                                 date: when, type: .groupSession, place: .familyHub,
                                                 outcome: rng.chance(0.9) ? .attended : .didNotAttend))
                }
            }
            if rng.chance(0.15) {
                let author = rng.chance(0.7) ? hv : ref.centreWorkersByCentre[area.centre][0]
                let date = today - rng.int(0...min(700, max(0, age)))
                family.notes.append(.init(member: c, author: author, date: date, body: DemoBorough.noteTexts[rng.int(0...(DemoBorough.noteTexts.count - 1))],
                                          visibility: rng.weighted([(NoteVisibility.profession, 0.6), (.team, 0.35), (.safeguarding, 0.05)])))
            }
        }
        // Consent to share birth details with children's centres, asked at the first visit
        // (Warwickshire's practice): most agree, some refuse, some were not asked yet.
        let mother = family.members[0]
        for c in childMembers {
            guard let born = family.members[c].dateOfBirth, today - born > 14 else { continue }
            let roll = rng.unit()
            guard roll < 0.8 else { continue }
            family.consents.append(.init(member: c, purpose: .birthDetailsToChildrensCentres, status: roll < 0.7 ? .given : .refused,
                                         givenBy: "\(mother.givenName) \(mother.familyName) (mother)", date: born + 12,
                                         method: .firstVisit, recordedBy: hv))
        }
        return family
    }

    func addMaternity(_ family: inout DemoFamily, child c: Int, due: Day, age: Int, rng: inout SplitMix64) {
        // Midwifery stays involved from booking (about 10 weeks) to 28 days after birth; only
        // pregnancies and babies within the last year are kept, as a maternity system would send.
        guard age < 365 else { return }
        let booking = due - 210 - rng.int(0...21)
        let midwife = rng.pick(reference.midwives)
        family.involvements.append(.init(service: reference.midwiferyService, member: c, start: booking,
                                         end: age > 28 ? due + 28 : nil, lead: midwife))
        if booking <= today {
            family.contacts.append(.init(member: c, service: reference.midwiferyService, practitioner: midwife, date: booking,
                                         type: .antenatalBooking, place: .clinic, outcome: .attended))
        }
    }

    /// The mandated reviews, with OHID-like timeliness and about one appointment in ten missed.
    /// When the demo's mandated reviews happen, in days from birth: on time, late, or (the
    /// rest) not at all, at rates close to England's published timeliness figures.
    public struct ReviewTiming: Sendable {
        public let review: MandatedReview
        public let onTime: ClosedRange<Int>
        public let late: ClosedRange<Int>
        public let pOnTime: Double
        public let pLate: Double
        public let place: ContactPlace
    }

    public static let reviewTimings: [ReviewTiming] = [
        ReviewTiming(review: .newBirth, onTime: 10...14, late: 15...30, pOnTime: 0.852, pLate: 0.128, place: .home),
        ReviewTiming(review: .sixToEightWeeks, onTime: 42...56, late: 57...84, pOnTime: 0.818, pLate: 0.1, place: .home),
        ReviewTiming(review: .twelveMonths, onTime: 270...365, late: 366...456, pOnTime: 0.75, pLate: 0.134, place: .clinic),
        ReviewTiming(review: .twoYears, onTime: 730...912, late: 913...1_000, pOnTime: 0.808, pLate: 0.05, place: .clinic),
    ]

    /// The day (from birth) a review happens, or nil for one that never does.
    public static func reviewDay(_ t: ReviewTiming, rng: inout SplitMix64) -> Int? {
        let roll = rng.unit()
        if roll < t.pOnTime { return rng.int(t.onTime) }
        if roll < t.pOnTime + t.pLate { return rng.int(t.late) }
        return nil
    }

    func addReviews(_ family: inout DemoFamily, child c: Int, born: Day, service: Int, hv: Int, rng: inout SplitMix64) {
        let age = today - born
        for t in DemoBorough.reviewTimings {
            guard age >= t.onTime.lowerBound else { continue }
            let type = t.review.contactType
            guard let day = DemoBorough.reviewDay(t, rng: &rng) else {
                if age < t.late.upperBound + 30 {
                    family.contacts.append(.init(member: c, service: service, practitioner: hv, date: born + t.late.upperBound,
                                                 type: type, place: t.place, outcome: .booked))
                }
                continue
            }
            guard day <= age else {
                family.contacts.append(.init(member: c, service: service, practitioner: hv, date: born + day, type: type, place: t.place, outcome: .booked))
                continue
            }
            if t.place != .home, rng.chance(0.1), day - 7 >= 0 {
                family.contacts.append(.init(member: c, service: service, practitioner: hv, date: born + day - 7,
                                             type: type, place: t.place, outcome: .didNotAttend))
            }
            family.contacts.append(.init(member: c, service: service, practitioner: hv, date: born + day, type: type, place: t.place, outcome: .attended))
        }
    }

    static let noteTexts = [
        "Mum reports baby feeding well; weight gain along the 50th centile. Discussed safe sleep.",
        "Family new to the area; signposted to the children's centre stay-and-play sessions.",
        "Parent anxious about speech; advised to use WellComm activities at home and review in 3 months.",
        "Missed appointment; letter sent and follow-up call booked.",
        "Attended baby massage group; mum more confident, linked with peer support.",
        "Housing concerns raised (damp in the flat); referred to housing team with consent.",
        "Discussed perinatal mood; EPDS completed, score below threshold, GP aware.",
        "Dad attended the session for the first time; discussed play and development.",
    ]
}
