/// Why an identifier was refused, worded for the person who typed it.
public enum IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .empty(let what): return "\(what) is empty"
        case .malformed(let what, let why): return "\(what) \(why)"
        }
    }
}
