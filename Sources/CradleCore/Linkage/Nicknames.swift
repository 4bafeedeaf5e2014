/// Given names and their nicknames: carltonnorthern/nicknames (Apache 2.0, US-compiled; see
/// data/nicknames.LICENSE.txt) plus British forms it lacks. Two names are related when one is a
/// nickname of the other or both are nicknames of one name (Alfie and Alf, of Alfred).
public struct Nicknames: Sendable {
    /// For each name, the formal names it belongs to (itself included).
    let roots: [String: [String]]
    /// For each formal name, its nicknames.
    let forms: [String: [String]]

    /// British diminutives common among the ONS top 100 baby names, missing from the US list.
    static let british: [(String, String)] = [
        ("alfred", "alfie"), ("oliver", "ollie"), ("frederick", "freddie"), ("frederick", "freddy"), ("evelyn", "evie"),
        ("archibald", "archie"), ("charles", "charlie"), ("charlotte", "charlie"), ("charlotte", "lottie"), ("henry", "harry"),
        ("edward", "teddy"), ("theodore", "teddy"), ("theodore", "theo"), ("amelia", "millie"), ("camilla", "millie"),
        ("isabella", "izzy"), ("isabella", "bella"), ("isabelle", "izzy"), ("arabella", "bella"), ("rose", "rosie"),
        ("eleanor", "ellie"), ("elizabeth", "libby"), ("margaret", "maisie"), ("john", "jack"), ("albert", "albie"),
        ("louis", "louie"), ("thomas", "tommy"), ("reginald", "reggie"), ("ronald", "ronnie"), ("matilda", "tilly"),
        ("florence", "flo"), ("sophia", "sophie"), ("sofia", "sophie"), ("phoebe", "phoebs"), ("harriet", "hattie"),
    ]

    public init(csv: String) {
        var roots: [String: Set<String>] = [:]
        var forms: [String: Set<String>] = [:]
        func add(_ formal: String, _ nick: String) {
            roots[nick, default: [nick]].insert(formal)
            roots[formal, default: [formal]].insert(formal)
            forms[formal, default: []].insert(nick)
        }
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 3, f[1] == "has_nickname" else { continue }
            add(String(f[0]), String(f[2]))
        }
        for (formal, nick) in Nicknames.british { add(formal, nick) }
        self.roots = roots.mapValues { $0.sorted() }
        self.forms = forms.mapValues { $0.sorted() }
    }

    /// The shipped list.
    public static let standard = Nicknames(csv: standardCSV)

    /// The formal names a (lower-case) name belongs to.
    public func roots(of name: String) -> [String] { roots[name] ?? [name] }

    public func related(_ a: String, _ b: String) -> Bool {
        a == b || !Set(roots(of: a)).isDisjoint(with: roots(of: b))
    }

    /// Other names the same person may go by: the nicknames of the name's formal names, and
    /// those formal names.
    public func alternatives(to name: String) -> [String] {
        Set(roots(of: name).flatMap { [$0] + (forms[$0] ?? []) }).subtracting([name]).sorted()
    }

    /// Every name the list knows, formal and nickname.
    public var names: [String] { roots.keys.sorted() }
}
