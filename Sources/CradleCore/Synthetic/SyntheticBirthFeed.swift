/// A maternity feed of fictional births for benchmarks: spread over the twelve months to
/// `today`, each with the mother, NHS numbers with computed check digits outside the demo
/// borough's range, homes in the given postcodes; seven in ten families agreed to share
/// birth details with children's centres.
public enum SyntheticBirthFeed {
    public static func csv(births: Int, postcodes: [String], today: Day, seed: UInt64 = 600) -> String {
        var rng = SplitMix64(seed: seed)
        let first = Period(containing: today).first.adding(months: -11)
        let days = today - first
        let columns = ["record_id", "given_name", "family_name", "date_of_birth", "nhs_number", "sex", "postcode", "address",
                       "parent_given_name", "parent_family_name", "parent_date_of_birth", "parent_nhs_number",
                       "birth_weight_grams", "gestation_weeks", "consent_childrens_centre", "consent_date"]
        var out = CSVReader.line(columns) + "\n"
        out.reserveCapacity(births * 180)
        var cursor = 998_000_000
        func nhs() -> String {
            while true { cursor += 1; if let n = NHSNumber.make(firstNine: cursor) { return n.digits } }
        }
        func pick(_ names: [String]) -> String { names[rng.int(0...names.count - 1)] }
        for i in 0..<births {
            let girl = rng.int(0...1) == 0
            let family = pick(DemoNames.surnames)
            let born = first + rng.int(0...days)
            let agreed = rng.int(1...10) <= 7
            let fields = ["NB\(i)", girl ? pick(DemoNames.girls) : pick(DemoNames.boys), family, born.iso, nhs(), girl ? "F" : "M",
                          postcodes[rng.int(0...postcodes.count - 1)], "\(rng.int(1...200)) \(pick(DemoNames.streets))",
                          pick(DemoNames.women), family, (born - rng.int(17 * 365...44 * 365)).iso, nhs(),
                          String(rng.int(2200...4400)), String(rng.int(34...42)), agreed ? "yes" : "no", agreed ? born.iso : ""]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}
