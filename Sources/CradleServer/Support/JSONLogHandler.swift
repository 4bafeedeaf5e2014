import Foundation
import Logging

/// One JSON object a line on standard error (`LOG_FORMAT=json`), for a council's log
/// collector: time, level, logger, message, where it was logged, and its metadata (a
/// request's id among them).
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    /// Where each line goes: standard error, or a test's buffer.
    var write: @Sendable (Data) -> Void = { FileHandle.standardError.write($0) }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: Any] = [
            "time": ISO8601DateFormatter.audit.string(from: Date()), "level": event.level.rawValue, "logger": label,
            "message": event.message.description, "source": event.source, "file": "\(event.file):\(event.line)",
        ]
        if let error = event.error { fields["error"] = String(describing: error) }
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where fields[k] == nil { fields[k] = Self.plain(v) }
        guard var data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        write(data)
    }

    static func plain(_ v: Logger.Metadata.Value) -> Any {
        switch v {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(plain)
        case .dictionary(let d): d.mapValues(plain)
        }
    }

    /// Standard error as JSON lines at `LOG_LEVEL` (default info).
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
    }
}
