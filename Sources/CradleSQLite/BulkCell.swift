import SQLKit
import SQLiteKit
import SQLiteNIO

/// One value of a bulk row, in the shapes Cradle's tables hold: bound to SQLite as it is, and
/// to PostgreSQL as a typed value (or NULL, which takes its column's type).
public enum BulkCell: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)

    public var sqliteData: SQLiteData {
        switch self {
        case .null: .null
        case .integer(let v): .integer(Int(v))
        case .real(let v): .float(v)
        case .text(let v): .text(v)
        case .bool(let v): .integer(v ? 1 : 0)
        }
    }

    public var expression: any SQLExpression {
        switch self {
        case .null: SQLLiteral.null
        case .integer(let v): SQLBind(v)
        case .real(let v): SQLBind(v)
        case .text(let v): SQLBind(v)
        case .bool(let v): SQLBind(v)
        }
    }

    /// Any bound value as SQLite data.
    public static func sqliteData(_ v: any Encodable & Sendable) throws -> SQLiteData {
        // Concrete types first (a cast to them sees through a filled optional); the empty
        // optional, a slower existential cast, last.
        switch v {
        case let x as String: .text(x)
        case let x as Int64: .integer(Int(x))
        case let x as Int: .integer(x)
        case let x as Int32: .integer(Int(x))
        case let x as Double: .float(x)
        case let x as Bool: .integer(x ? 1 : 0)
        case let o as any OptionalValue where o.isNone: .null
        default: try SQLiteDataEncoder().encode(v)
        }
    }
}

/// Lets a bound value tell that it is an empty optional without Codable.
protocol OptionalValue { var isNone: Bool { get } }
extension Optional: OptionalValue { var isNone: Bool { self == nil } }
