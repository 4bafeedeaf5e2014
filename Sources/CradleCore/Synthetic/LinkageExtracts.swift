#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Two synthetic extracts about the same children, with the truth, for measuring linkage: a
/// health extract (child health system: NHS numbers, few errors) and a children's-centre
/// register (most without an NHS number; nicknames, typos, day and month swapped, a digit or
/// the year wrong, families who moved, re-registrations, names in capitals or without their
/// diacritics, NHS numbers failing their check digit, postcodes that are not UK postcodes,
/// mothers with one name). Twins share a birth date, surname and address and must stay two
/// children. Every name and number is fictional: NHS numbers are in the 99x range with
/// computed check digits, postcodes use the fictional ZY district.
public struct LinkageExtracts: Sendable {
    /// Each record as the linker sees it once read: a field the source wrote unusably is absent.
    public var records: [LinkRecord]
    /// The child each record is about.
    public var truth: [Int32]
    /// How each record is written in its file, and its mother.
    public var details: [FeedDetails]

    /// What a record's row holds beyond what the linker sees.
    public struct FeedDetails: Sendable {
        /// The mother's own identity (one per household), for scoring adults.
        public var mother: Int32
        public var motherFamilyName: String?
        public var motherNHS: String?
        /// The NHS number and postcode as written: they may fail their checks.
        public var nhsText: String
        public var postcodeText: String
        public var upperCase: Bool
    }

    public static func generate(children: Int, seed: UInt64, today: Day, nicknames: Nicknames = .standard) -> LinkageExtracts {
        var rng = SplitMix64(seed: seed)
        let given = givenNamePool(nicknames)
        let surnames = surnamePool()
        var records: [LinkRecord] = [], truth: [Int32] = [], details: [FeedDetails] = []
        records.reserveCapacity(children * 2)
        var child = 0, household: Int32 = 0
        var nhsSerial = 0
        func nhs() -> String {
            while true {
                nhsSerial += 1
                if let n = NHSNumber.make(firstNine: 990_000_000 + nhsSerial) { return n.digits }
            }
        }
        // About one young family to a postcode, as in a real borough (a postcode is some 15
        // households): a district of 4,000 postcodes for every 10,000 children, 9 to 99 of them.
        let districts = min(99, max(9, children / 10_000))
        func postcode() -> Postcode {
            let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
            let text = "ZY\(rng.int(1...districts)) \(rng.int(0...9))\(rng.pick(letters))\(rng.pick(letters))"
            return try! Postcode(text)
        }
        while child < children {
            // A household: a mother, a surname, an address, one to three children (some twins).
            let family = rng.chance(0.03) ? rng.pick(accentedSurnames)
                : surnames[min(surnames.count - 1, Int(Double(surnames.count) * pow(rng.unit(), 2.2)))]
            let mother = rng.pick(DemoNames.women)
            let motherBorn = today - rng.int(19 * 365...42 * 365)
            let motherNHS: String? = rng.chance(0.95) ? nhs() : nil
            let home = postcode()
            let size = rng.weighted([(1, 0.55), (2, 0.33), (3, 0.12)])
            var born = today - rng.int(0...(5 * 365 - 1))
            var named: [String] = []
            household += 1
            let plain = FeedDetails(mother: household, motherFamilyName: family, motherNHS: motherNHS, nhsText: "", postcodeText: home.normalised, upperCase: false)
            for k in 0..<min(size, children - child) {
                let twin = k > 0 && rng.chance(0.03)
                if k > 0 && !twin { born = born - rng.int(400...900); if born < today - 5 * 365 { born = today - rng.int(0...400) } }
                let sex: Sex = rng.chance(0.5124) ? .male : .female
                // No two children of a family are given forms of one name (Katherine and Katie).
                var name = "", key = ""
                repeat {
                    name = rng.chance(0.02) ? rng.pick(sex == .male ? accentedBoys : accentedGirls)
                        : rng.chance(0.6) ? rng.pick(sex == .male ? DemoNames.boys : DemoNames.girls) : rng.pick(given)
                    key = LinkRecord.nameKey(name)
                } while named.contains { nicknames.related($0, key) }
                named.append(key)
                let truthId = Int32(child)
                let health = LinkRecord(source: 0, key: "H\(child)", nhsNumber: rng.chance(0.99) ? nhs() : nil, givenName: name,
                                        familyName: family, dateOfBirth: born, sex: sex, postcode: home,
                                        motherGivenName: mother, motherDateOfBirth: motherBorn)
                var h = health
                if rng.chance(0.005) { h.givenName = typo(h.givenName, &rng) }
                if rng.chance(0.005) { h.familyName = typo(h.familyName, &rng) }
                var hd = plain
                hd.nhsText = h.nhsNumber ?? ""
                records.append(h); truth.append(truthId); details.append(hd)
                if rng.chance(0.01) {                       // a duplicate inside the health extract
                    var d = health
                    d.key = "H\(child)d"
                    if rng.chance(0.5) { d.nhsNumber = nil }
                    d.givenName = rng.chance(0.5) ? typo(d.givenName, &rng) : d.givenName
                    var dd = plain
                    dd.nhsText = d.nhsNumber ?? ""
                    records.append(d); truth.append(truthId); details.append(dd)
                }
                if rng.chance(0.7) {                        // registered with a children's centre
                    let registrations = rng.chance(0.03) ? 2 : 1
                    for reg in 0..<registrations {
                        var c = health
                        var cd = plain
                        c.source = 1
                        c.key = "C\(child)" + (reg == 0 ? "" : "r")
                        if !rng.chance(0.4) { c.nhsNumber = nil }
                        cd.nhsText = c.nhsNumber ?? ""
                        if let n = c.nhsNumber, rng.chance(0.03) {      // a digit mistyped: fails its check
                            cd.nhsText = String(n.dropLast()) + String((Int(String(n.last!))! + 1) % 10)
                            c.nhsNumber = nil
                        }
                        if rng.chance(0.08), let alt = nicknames.alternatives(to: LinkRecord.nameKey(name)).randomElement(using: &rng) {
                            c.givenName = alt.prefix(1).uppercased() + alt.dropFirst()
                        } else if rng.chance(0.04) { c.givenName = typo(c.givenName, &rng) }
                        if rng.chance(0.04) { c.familyName = typo(c.familyName, &rng) }
                        // A register that cannot type diacritics drops them.
                        if rng.chance(0.5) { c.givenName = withoutDiacritics(c.givenName); c.familyName = withoutDiacritics(c.familyName) }
                        cd.upperCase = rng.chance(0.1)
                        let d = born.components
                        let roll = rng.unit()
                        if roll < 0.02, d.day <= 12, d.day != d.month { c.dateOfBirth = Day(year: d.year, month: d.day, day: d.month) }
                        else if roll < 0.04 { c.dateOfBirth = digitOff(born, &rng) }
                        else if roll < 0.045 { c.dateOfBirth = Day(year: d.year + (rng.chance(0.5) ? 1 : -1), month: d.month, day: min(d.day, 28)) }
                        else if roll < 0.055 { c.dateOfBirth = nil }
                        if rng.chance(0.05) { c.sex = nil }
                        if rng.chance(0.12) { c.postcode = postcode() } else if rng.chance(0.03) { c.postcode = nil }
                        cd.postcodeText = c.postcode?.normalised ?? ""
                        if c.postcode != nil, rng.chance(0.03) {        // not a UK postcode: left out when read
                            cd.postcodeText = rng.pick(["NFA", "ZY99", "75011", "D6W 0000", "ZY1 1", "unknown"])
                            c.postcode = nil
                        }
                        if !rng.chance(0.9) { c.motherGivenName = nil }
                        if !rng.chance(0.7) { c.motherDateOfBirth = nil }
                        cd.motherNHS = nil
                        if rng.chance(0.06) { cd.motherFamilyName = nil }   // the mother's given name only
                        if c.motherGivenName == nil && cd.motherFamilyName == nil { c.motherDateOfBirth = nil }
                        records.append(c); truth.append(truthId); details.append(cd)
                    }
                }
                child += 1
            }
        }
        return LinkageExtracts(records: records, truth: truth, details: details)
    }

    /// Names with diacritics, as a diverse borough's children and families have.
    static let accentedGirls = ["Zoë", "Chloé", "Anaïs", "Renée", "Noémie", "Zuzanna", "Łucja", "Ines", "Ayşe", "Maïa"]
    static let accentedBoys = ["José", "Mátyás", "Łukasz", "Zoltán", "Björn", "Raphaël", "Jérôme", "Tomás", "Çağan", "Noé"]
    static let accentedSurnames = ["Núñez", "Müller", "Öztürk", "Łukasiewicz", "Gómez", "Dvořák", "Kovačević", "Sánchez", "Ferreira", "Lefèvre"]

    /// The name as a system without diacritics writes it.
    static func withoutDiacritics(_ s: String) -> String {
        let folded = LatinFold.folded(s)
        return folded.prefix(1).uppercased() + folded.dropFirst()
    }

    /// One slip of the keyboard, rarely on the first letter: a letter changed, dropped,
    /// doubled or swapped with the next.
    static func typo(_ s: String, _ rng: inout SplitMix64) -> String {
        var c = Array(s)
        guard c.count > 2 else { return s }
        let at = rng.chance(0.1) ? 0 : rng.int(1...(c.count - 1))
        switch rng.int(0...3) {
        case 0: c[at] = Character(String(UnicodeScalar(UInt8(97 + rng.int(0...25)))))
        case 1: c.remove(at: at)
        case 2: c.insert(c[at], at: at)
        default: if at + 1 < c.count { c.swapAt(at, at + 1) } else { c.swapAt(at - 1, at) }
        }
        if at == 0 { c[0] = Character(c[0].uppercased()) }
        return String(c)
    }

    /// The date with one digit of YYYYMMDD changed, if that still makes a real date.
    static func digitOff(_ d: Day, _ rng: inout SplitMix64) -> Day {
        let c = d.components
        for _ in 0..<10 {
            var digits = Array(String(format4: c.year) + String(format2: c.month) + String(format2: c.day))
            let at = rng.int(2...7)
            let old = digits[at]
            var new = Character(String(rng.int(0...9)))
            if new == old { new = Character(String((Int(String(old))! + 1) % 10)) }
            digits[at] = new
            let s = String(digits)
            if let y = Int(s.prefix(4)), let m = Int(s.dropFirst(4).prefix(2)), let dd = Int(s.suffix(2)), let day = Day(year: y, month: m, day: dd) {
                return day
            }
        }
        return d
    }

    /// Given names beyond the top 50: the nickname list's formal names, capitalised.
    static func givenNamePool(_ n: Nicknames) -> [String] {
        n.forms.keys.sorted().filter { $0.count >= 3 }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
    }

    /// The real commonest surnames, then about 2,000 fictional ones built from English
    /// place-name parts, so that surnames are as varied as a borough's.
    static func surnamePool() -> [String] {
        let heads = ["Ash", "Brad", "Brook", "Carr", "Dun", "Eller", "Fair", "Gold", "Hart", "Hol", "Ing", "Kirk", "Lang", "Mar",
                     "Nor", "Oak", "Pen", "Rad", "Shel", "Stan", "Thorn", "Under", "Wal", "West", "Whit", "Win", "Wood", "York",
                     "Al", "Bar", "Cal", "Dal", "Elm", "Fen", "Glen", "Hay", "Ives", "Lin", "Mel", "New"]
        let tails = ["by", "cott", "den", "don", "field", "ford", "gate", "ham", "hill", "hurst", "ington", "ley", "low", "mere",
                     "more", "ridge", "shaw", "stead", "stone", "ton", "wall", "well", "wick", "worth", "wood", "bury", "combe",
                     "dale", "fold", "holme", "land", "ney", "over", "port", "side", "thorpe", "way", "wen", "win", "wright"]
        var fictional: [String] = []
        for h in heads { for t in tails { fictional.append(h + t) } }
        return DemoNames.surnames + fictional
    }
}
