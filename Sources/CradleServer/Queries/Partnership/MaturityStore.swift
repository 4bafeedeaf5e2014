import Foundation
import SQLKit
import CradleCore

/// The partnership's scores against the maturity matrix, and the files given as evidence.
enum MaturityStore {
    struct Score: Codable, Sendable {
        var id: Int64
        var dimension: String
        var stage: Int
        var assessedOn: String
        var evidence: String
        var link: String?
        var fileName: String?
        var recordedBy: String
        var createdAt: String

        var maturity: MaturityStage? { MaturityStage(rawValue: stage) }
    }

    /// A file of evidence as uploaded: its name, its type, its bytes.
    struct Evidence: Sendable {
        var name: String
        var type: String
        var data: Data
    }

    /// Files a board would read: documents, spreadsheets, slides, images and text.
    static let fileTypes: [String: String] = [
        "pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "csv": "text/csv", "txt": "text/plain",
    ]
    static let maxFile = 5 * 1024 * 1024

    /// Every score, oldest first; the files' bytes stay in the store.
    static func all(on db: any SQLDatabase) async throws -> [Score] {
        try await db.raw("""
            SELECT m.id, m.dimension, m.stage, m.assessed_on, m.evidence, m.link, m.file_name, p.display_name AS recorded_by, m.created_at
            FROM maturity_scores m JOIN practitioners p ON p.id = m.recorded_by ORDER BY m.assessed_on, m.id
            """).all(decoding: Score.self, with: rowDecoder)
    }

    static func add(_ s: MaturityScoreInput, file: Evidence?, by practitioner: Int64, on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "maturity_scores")
            .columns("dimension", "stage", "assessed_on", "evidence", "link", "file_name", "file_type", "file_data", "recorded_by", "created_at")
            .values(SQLBind(s.dimension.code), SQLBind(s.stage.rawValue), SQLBind(s.assessedOn.iso), SQLBind(s.evidence), SQLBind(s.link),
                    SQLBind(file?.name), SQLBind(file?.type), SQLBind(file?.data), SQLBind(practitioner), SQLBind(ISO8601DateFormatter.now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func file(_ id: Int64, on db: any SQLDatabase) async throws -> Evidence? {
        struct Row: Decodable { var fileName: String?; var fileType: String?; var fileData: Data? }
        guard let r = try await db.raw("SELECT file_name, file_type, file_data FROM maturity_scores WHERE id = \(bind: id)")
            .first(decoding: Row.self, with: rowDecoder), let name = r.fileName, let type = r.fileType, let data = r.fileData else { return nil }
        return Evidence(name: name, type: type, data: data)
    }
}
