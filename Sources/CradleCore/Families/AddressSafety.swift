/// An address hidden from the rest of the family for someone's safety (a parent who left
/// because of domestic abuse, say): a parent signed in to the family's record sees it only
/// when it is their own, or their own home too.
public enum AddressSafety {
    public struct Address: Sendable, Equatable {
        public var line: String?
        public var postcode: String
        public init(line: String?, postcode: String) { self.line = line; self.postcode = postcode }
        func same(as other: Address) -> Bool {
            func key(_ s: String?) -> String { (s ?? "").lowercased().filter { $0.isLetter || $0.isNumber } }
            return key(postcode) == key(other.postcode) && key(line) == key(other.line)
        }
    }

    public static func visible(_ address: Address, hidden: Bool, of owner: Int64, to viewer: Int64, viewerHome: Address?) -> Bool {
        guard hidden, owner != viewer else { return true }
        return viewerHome.map(address.same) ?? false
    }
}
