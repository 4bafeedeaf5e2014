import Testing
@testable import CradleCore

struct DemoBoroughTests {
    let today = Day(year: 2026, month: 11, day: 27)!

    func fingerprint(_ b: DemoBorough) -> [String] {
        b.families().map { f in f.members.map { "\($0.givenName)|\($0.dateOfBirth?.iso ?? "-")|\($0.nhsNumber?.digits ?? "-")" }.joined(separator: ",") }
    }

    @Test func theSameSeedBuildsTheSameBorough() {
        let a = fingerprint(DemoBorough(seed: 9, children: 500, today: today))
        #expect(a == fingerprint(DemoBorough(seed: 9, children: 500, today: today)))
        #expect(a != fingerprint(DemoBorough(seed: 10, children: 500, today: today)))
    }

    @Test func makesExactlyTheChildrenAskedForWithValidTestRangeNumbers() throws {
        let b = DemoBorough(seed: 3, children: 2_000, today: today)
        var children = 0
        var numbers = Set<String>()
        for f in b.families() {
            children += f.childCount
            for m in f.members {
                guard let n = m.nhsNumber else { continue }
                #expect(n.isNeverIssued)
                #expect(numbers.insert(n.digits).inserted, "NHS numbers are unique")
            }
            for a in f.addresses { #expect(throws: Never.self) { try Postcode(b.reference.postcodes[a.postcode]) } }
        }
        #expect(children == 2_000)
    }

    /// The figures in shared/data/demo_borough_facts.md, within sampling error for 20,000 children.
    @Test func distributionsFollowTheOfficialFigures() {
        let b = DemoBorough(seed: 1, children: 20_000, today: today)
        var born = 0, boys = 0, preterm = 0, lowWeight = 0, unborn = 0, nbvOnTime = 0, nbvDue = 0
        for f in b.families() {
            for (i, m) in f.members.enumerated() where m.kind == .child {
                guard let dob = m.dateOfBirth else { unborn += 1; continue }
                born += 1
                if m.sex == .male { boys += 1 }
                if (m.gestationWeeks ?? 40) < 37 { preterm += 1 }
                if (m.birthWeightGrams ?? 4000) < 2500 { lowWeight += 1 }
                if today - dob >= 30 {
                    nbvDue += 1
                    if f.contacts.contains(where: { $0.member == i && $0.type == .newBirthVisit && $0.outcome == .attended && $0.date - dob <= 14 }) { nbvOnTime += 1 }
                }
            }
        }
        let share = { (n: Int, d: Int) in Double(n) / Double(d) }
        #expect((0.49...0.535).contains(share(boys, born)), "boys \(share(boys, born))")
        #expect((0.065...0.095).contains(share(preterm, born)), "preterm \(share(preterm, born))")
        #expect((0.05...0.09).contains(share(lowWeight, born)), "low birth weight \(share(lowWeight, born))")
        #expect((0.80...0.90).contains(share(nbvOnTime, nbvDue)), "NBV within 14 days \(share(nbvOnTime, nbvDue))")
        #expect((0.08...0.20).contains(share(unborn, born + unborn)), "unborn share \(share(unborn, born + unborn))")
    }
}
