/// One source record as the linker sees it: the identifying fields a child's record carries
/// in every source system, and for babies the mother's name and date of birth.
public struct LinkRecord: Sendable, Equatable {
    public var source: Int
    public var key: String
    public var nhsNumber: String?
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: Day?
    public var sex: Sex?
    public var postcode: Postcode?
    /// A postcode as written that is not a UK postcode (a foreign one, a typing error): it
    /// cannot place the child, but the same text in two records still agrees.
    public var postcodeText: String?
    /// The house and street as written.
    public var addressLine: String?
    public var motherGivenName: String?
    public var motherDateOfBirth: Day?
    /// A parent or carer's record. Children and adults are never compared with each other, so
    /// never linked, proposed for review, or counted in one another's match model.
    public var adult: Bool
    /// A parent or carer named on the child's record that comes just before this one in the
    /// same file: which child a mother's record is for tells two women of one name apart.
    public var parentOfPrevious: Bool

    public init(source: Int, key: String, nhsNumber: String?, givenName: String, familyName: String, dateOfBirth: Day?, sex: Sex?,
                postcode: Postcode?, postcodeText: String? = nil, addressLine: String? = nil, motherGivenName: String? = nil,
                motherDateOfBirth: Day? = nil, adult: Bool = false, parentOfPrevious: Bool = false) {
        self.source = source; self.key = key; self.nhsNumber = nhsNumber; self.givenName = givenName; self.familyName = familyName
        self.dateOfBirth = dateOfBirth; self.sex = sex; self.postcode = postcode; self.postcodeText = postcodeText; self.addressLine = addressLine
        self.motherGivenName = motherGivenName; self.motherDateOfBirth = motherDateOfBirth; self.adult = adult; self.parentOfPrevious = parentOfPrevious
    }

    /// Lower-case letters only: "O'Brien-Smith" and "obrien smith" compare equal.
    public static func nameKey(_ s: String) -> String {
        ASCIIText.key(s, keepingDigits: false) ?? generalNameKey(s)
    }

    /// An address line's house number (the first part holding a digit, as written: "12a")
    /// and its street (the letters after it, run together: "Acacia Rd" and "acaciard" agree).
    static func houseAndStreet(_ line: String?) -> (house: String?, street: String?) {
        guard let line else { return (nil, nil) }
        let parts = line.lowercased().split { !($0.isLetter || $0.isNumber) }
        let n = parts.firstIndex { $0.contains { $0.isNumber } }
        let number = n.map { String(parts[$0]) }
        let rest = n.map { parts[(parts.index(after: $0))...] } ?? parts[...]
        let street = nameKey(rest.joined())
        return (number, street.isEmpty ? nil : street)
    }

    /// Diacritics are taken off first: "Zoë" and "ZOE" are one name.
    static func generalNameKey(_ s: String) -> String {
        String(String.UnicodeScalarView(LatinFold.folded(s).unicodeScalars.filter { $0.properties.isAlphabetic && $0.isASCII }))
    }
}

/// The records prepared for comparison: names interned to integers (equality is an integer
/// compare) with their bytes kept for Jaro–Winkler, dates split, postcodes interned at three
/// levels, nickname roots resolved once per distinct name. Records can be appended, so a
/// person index can take new records without preparing the old ones again.
struct PreparedRecords: Sendable {
    var count = 0
    var given: [Int32] = [], family: [Int32] = [], motherGiven: [Int32] = []
    var dob: [Int32] = [], year: [Int16] = [], month: [UInt8] = [], day: [UInt8] = [], motherDob: [Int32] = []
    var sex: [UInt8] = []
    /// A UK postcode's three levels; an outward code given alone, as its district (no sector);
    /// or a postcode text that is neither (no sector or district).
    var postcode: [Int32] = [], sector: [Int32] = [], district: [Int32] = []
    /// The address line's house number (a place id) and street (a name id, letters only).
    var house: [Int32] = [], street: [Int32] = []
    var nhs: [Int64] = []
    var source: [UInt8] = []
    var adult: [Bool] = []
    /// For a parent's record, the record of the child whose row names them (-1 otherwise).
    var childOf: [Int32] = []
    /// Interned names: bytes, nickname roots (as name ids), and how many records use each.
    var nameBytes: [[UInt8]] = []
    var nameRoots: [[Int32]] = []
    var rootsResolved: [Bool] = []
    var givenCounts: [Int] = [], familyCounts: [Int] = []
    /// Children's records by source, birth date and family name: two in one source are twins
    /// (or one child twice), so a different given name between them is no slip.
    var birthFamilyCounts: [UInt64: Int32] = [:]
    var names: [String: Int32] = [:]
    var places: [String: Int32] = [:]
    /// Each place id's text, for a postcode typed with a slip.
    var placeNames: [String] = []
    /// How many records give each postcode text that is not a UK postcode (by place id).
    var textCounts: [Int32: Int32] = [:]
    let nicknames: Nicknames

    init(_ records: [LinkRecord], nicknames: Nicknames) {
        self.nicknames = nicknames
        given.reserveCapacity(records.count); family.reserveCapacity(records.count); dob.reserveCapacity(records.count)
        for r in records { append(r) }
    }

    /// Adds a record, counting its names.
    mutating func append(_ r: LinkRecord) {
        let g = name(r.givenName), f = name(r.familyName)
        given.append(g); family.append(f); motherGiven.append(name(r.motherGivenName))
        if g >= 0 { givenCounts[Int(g)] += 1 }
        if f >= 0 { familyCounts[Int(f)] += 1 }
        if let d = r.dateOfBirth {
            let c = d.components
            dob.append(Int32(d.ordinal)); year.append(Int16(c.year)); month.append(UInt8(c.month)); day.append(UInt8(c.day))
        } else { dob.append(Int32.min); year.append(0); month.append(0); day.append(0) }
        motherDob.append(r.motherDateOfBirth.map { Int32($0.ordinal) } ?? Int32.min)
        sex.append(r.sex.map { $0 == .female ? 1 : $0 == .male ? 2 : 0 } ?? 0)
        if let p = r.postcode {
            postcode.append(place(p.normalised)); sector.append(place("s:" + p.sector)); district.append(place("d:" + p.district))
        } else if let outward = r.postcodeText.flatMap(Postcode.outwardCode) {
            let area = place("d:" + outward)
            postcode.append(area); sector.append(-1); district.append(area)
        } else {
            let text = place(r.postcodeText.map { "x:" + $0 })
            if text >= 0 { textCounts[text, default: 0] += 1 }
            postcode.append(text); sector.append(-1); district.append(-1)
        }
        let (number, road) = LinkRecord.houseAndStreet(r.addressLine)
        house.append(place(number.map { "h:" + $0 })); street.append(name(road, resolvingRoots: false))
        nhs.append(r.nhsNumber.flatMap { Int64($0) } ?? -1)
        source.append(UInt8(clamping: r.source))
        adult.append(r.adult)
        childOf.append(r.parentOfPrevious && count > 0 ? Int32(count - 1) : -1)
        count += 1
        countBirthFamily(count - 1)
    }

    /// The key of a child's source, birth date and family name; nil for an adult or a record
    /// without both.
    func birthFamilyKey(_ i: Int) -> UInt64? {
        guard !adult[i], dob[i] != Int32.min, family[i] >= 0 else { return nil }
        return Self.birthFamilyKey(source: source[i], dob: dob[i], family: family[i])
    }

    static func birthFamilyKey(source: UInt8, dob: Int32, family: Int32) -> UInt64 {
        UInt64(source) << 56 | UInt64(UInt32(bitPattern: dob)) << 24 | UInt64(UInt32(family) & 0xFF_FFFF)
    }

    mutating func countBirthFamily(_ i: Int) {
        if let k = birthFamilyKey(i) { birthFamilyCounts[k, default: 0] += 1 }
    }

    /// Whether the record's own source holds another child born the same day with its family
    /// name (a twin, or the child twice).
    func hasTwinInSource(_ i: Int) -> Bool {
        birthFamilyKey(i).map { (birthFamilyCounts[$0] ?? 0) > 1 } ?? true
    }

    /// The name's id, interning it (and its nickname roots) the first time it is seen.
    mutating func name(_ s: String?, resolvingRoots: Bool = true) -> Int32 {
        guard let s, !s.isEmpty else { return -1 }
        let k = LinkRecord.nameKey(s)
        if k.isEmpty { return -1 }
        let id: Int32
        if let known = names[k] {
            // A name first met as another name's root has its own roots resolved when a
            // record uses it (Eliza is a root of Liza, and itself a nickname of Elizabeth).
            guard resolvingRoots, !rootsResolved[Int(known)] else { return known }
            id = known
        } else {
            id = Int32(nameBytes.count)
            names[k] = id
            nameBytes.append(Array(k.utf8)); nameRoots.append([id]); rootsResolved.append(false); givenCounts.append(0); familyCounts.append(0)
        }
        if resolvingRoots {
            rootsResolved[Int(id)] = true
            nameRoots[Int(id)] = Set(nicknames.roots(of: k).map { $0 == k ? id : name($0, resolvingRoots: false) } + [id]).sorted()
        }
        return id
    }

    mutating func place(_ s: String?) -> Int32 {
        guard let s else { return -1 }
        if let id = places[s] { return id }
        let id = Int32(placeNames.count); places[s] = id; placeNames.append(s); return id
    }

    func nicknameRelated(_ a: Int32, _ b: Int32) -> Bool {
        let ra = nameRoots[Int(a)], rb = nameRoots[Int(b)]
        var i = 0, j = 0
        while i < ra.count && j < rb.count {
            if ra[i] == rb[j] { return true }
            if ra[i] < rb[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// Whether two names differ by one slip of the keyboard after the same first letter: a
    /// letter wrong, missing, doubled or added, or two side by side swapped.
    func oneSlipApart(_ a: Int32, _ b: Int32) -> Bool {
        let x = nameBytes[Int(a)], y = nameBytes[Int(b)]
        guard let first = x.first, first == y.first, abs(x.count - y.count) <= 1, x != y else { return false }
        var i = 0
        while i < min(x.count, y.count) && x[i] == y[i] { i += 1 }
        if x.count == y.count {
            // One letter wrong, or two swapped.
            if x[(i + 1)...] == y[(i + 1)...] { return true }
            return i + 1 < x.count && x[i] == y[i + 1] && x[i + 1] == y[i] && x[(i + 2)...] == y[(i + 2)...]
        }
        // One letter more in the longer name.
        let (long, short) = x.count > y.count ? (x, y) : (y, x)
        return long[(i + 1)...] == short[i...]
    }

    func similarity(_ a: Int32, _ b: Int32) -> Double {
        nameBytes[Int(a)].withUnsafeBufferPointer { pa in nameBytes[Int(b)].withUnsafeBufferPointer { pb in JaroWinkler.similarity(pa, pb) } }
    }
}

extension LinkRecord {
    /// The records in an order on what they say (not on where they came from or their keys):
    /// the same records come out in the same order however they arrived.
    public static func canonicallyOrdered(_ records: [LinkRecord]) -> [LinkRecord] {
        func key(_ r: LinkRecord) -> String {
            [r.adult ? "1" : "0", String(r.source), r.nhsNumber ?? "", r.familyName, r.givenName, r.dateOfBirth?.iso ?? "", r.sex?.rawValue ?? "",
             r.postcode?.normalised ?? r.postcodeText ?? "", r.addressLine ?? "", r.motherGivenName ?? "",
             r.motherDateOfBirth?.iso ?? ""].joined(separator: "\u{1F}")
        }
        return records.map { (key($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// At most about `limit` records to estimate a match model from. Whole birth dates are
    /// kept or left out together, so the records of one child (which mostly share a birth date)
    /// stay together and the sample still holds matching pairs in their usual share.
    public static func trainingSample(_ records: [LinkRecord], limit: Int) -> [LinkRecord] {
        guard records.count > limit else { return records }
        let every = (records.count + limit - 1) / limit
        return records.filter { r in r.dateOfBirth.map { $0.ordinal % every == 0 } ?? false }
    }
}
