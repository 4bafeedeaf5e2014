/// Everything `cradle audit verify` found wrong, each named so an IG lead can act on it.
public enum AuditProblem: Sendable, Equatable, CustomStringConvertible {
    case chain(AuditVerifier.Problem)
    /// A checkpoint whose signature is not Cradle's.
    case forgedCheckpoint(seq: Int64)
    /// The entry a checkpoint signed now has a different hash: the trail was rewritten.
    case rewritten(seq: Int64)
    /// A checkpoint signed entry `signed`, but the trail now ends at `last`.
    case truncated(signed: Int64, last: Int64)
    case unreadableCheckpoint(line: Int)
    /// A protecting trigger is missing from the database.
    case missingTrigger(String)

    public var description: String {
        switch self {
        case .chain(let p): return p.description
        case .forgedCheckpoint(let s): return "the checkpoint for entry \(s) is not signed by Cradle's key: it was forged or altered"
        case .rewritten(let s): return "entry \(s) no longer has the hash a signed checkpoint recorded: the trail was rewritten from there or before"
        case .truncated(let s, let l): return "a signed checkpoint recorded \(s) entries but the trail now ends at entry \(l): entries were deleted from the end"
        case .unreadableCheckpoint(let line): return "line \(line) of the checkpoint file is not a checkpoint"
        case .missingTrigger(let name): return "the trigger \(name) that keeps the trail append-only is missing: it was dropped"
        }
    }
}
