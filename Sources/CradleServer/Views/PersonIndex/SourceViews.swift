import CradleCore

/// The person index's pages for sources and imports: the register of source systems, one
/// source's upload form and column set, and an import's progress and per-row report.
enum SourceViews {
    static func nav(_ active: String) -> Markup {
        tag("nav", ["aria-label": "Person index", "class": "subnav"],
            tag("ul", [:], [("sources", "/sources", "Sources and imports"), ("review", "/links/review", "Links to review"),
                            ("merges", "/links/merges", "Merges"), ("export", "/links/export", "Export links (CSV)")].map { key, href, label in
                tag("li", [:], tag("a", ["href": href, "aria-current": key == active ? "page" : nil], text(label)))
            }))
    }

    static func table(_ caption: String, _ headings: [String], _ rows: [Markup]) -> Markup {
        tag("table", ["class": "table"],
            tag("caption", ["class": "visually-hidden"], text(caption)),
            tag("thead", [:], tag("tr", [:], headings.map { tag("th", ["scope": "col"], text($0)) })),
            tag("tbody", [:], rows))
    }

    static func list(_ sources: [SourceStore.SourceRow], openReviews: Int, form f: FormState, layout: Layout.Context) -> String {
        Layout.page(layout,
            nav("sources"),
            tag("h1", [:], text("Person index: source systems")),
            tag("p", ["class": "lead"], text("Each system that sends Cradle its children's records is registered here; its files are linked to one record per child. \(openReviews) proposed links are waiting for review.")),
            sources.isEmpty ? tag("p", [:], text("No source is registered yet.")) :
            table("Registered sources", ["Source", "Kind", "Format", "Records", "Last import"], sources.map { s in
                tag("tr", [:], tag("th", ["scope": "row"], link("/sources/\(s.id)", s.name)), tag("td", [:], text(s.sourceKind.label)),
                    tag("td", [:], text(s.sourceFormat.label)), tag("td", [:], text(String(s.records ?? 0))),
                    tag("td", [:], text(s.lastImport ?? "Never")))
            }),
            tag("section", ["class": "panel", "aria-labelledby": "add-title"],
                tag("h2", ["id": "add-title"], text("Register a source")),
                f.errorSummary(),
                FormState.form(action: "/sources", csrf: layout.csrf,
                    f.input("name", "Name", hint: "For example: Fernmoor maternity (letters, digits, spaces, dots and dashes)"),
                    f.vocabulary("kind", "Kind of system", SourceKind.self),
                    f.vocabulary("format", "Format", SourceFormat.self),
                    FormState.submit("Register source"))))
    }

    static func source(_ s: SourceStore.SourceRow, imports: [SourceStore.ImportRow], notice: String?, layout: Layout.Context) -> String {
        Layout.page(layout,
            nav("sources"),
            tag("h1", [:], text(s.name)),
            tag("p", [:], text("\(s.sourceKind.label) · \(s.sourceFormat.label) · \(s.records ?? 0) records")),
            notice.map { tag("div", ["class": "error-summary", "role": "alert", "tabindex": "-1"], tag("h2", [:], text("The file was refused: nothing was imported")), tag("p", [:], text($0))) } ?? group([]),
            tag("section", ["class": "panel", "aria-labelledby": "upload-title"],
                tag("h2", ["id": "upload-title"], text("Import a file")),
                tag("form", ["method": "post", "action": "/sources/\(s.id)/imports", "enctype": "multipart/form-data"],
                    Layout.csrfField(layout.csrf),
                    tag("div", ["class": "field"],
                        tag("label", ["for": "file"], text(s.sourceFormat == .csv ? "CSV file" : "FHIR Bundle (JSON)")),
                        tag("p", ["class": "hint", "id": "file-hint"], text("Sending the same file again changes nothing; changed records are updated and their earlier versions kept.")),
                        voidTag("input", ["type": "file", "id": "file", "name": "file", "required": "", "aria-describedby": "file-hint",
                                          "accept": s.sourceFormat == .csv ? ".csv,text/csv" : ".json,application/json,application/fhir+json"])),
                    FormState.submit("Import"))),
            s.sourceFormat == .csv ? columns(s.sourceKind) : fhirNote(),
            tag("section", ["class": "panel", "aria-labelledby": "imports-title"],
                tag("h2", ["id": "imports-title"], text("Imports")),
                imports.isEmpty ? tag("p", [:], text("None yet.")) :
                table("Imports, newest first", ["Import", "File", "Status", "Added", "Updated", "Unchanged", "Rejected", "To review"], imports.map { i in
                    tag("tr", [:], tag("th", ["scope": "row"], link("/imports/\(i.id)", "\(i.id) · \(i.startedAt)")), tag("td", [:], text(i.fileName)),
                        tag("td", [:], statusTag(i)), tag("td", [:], text(String(i.added))), tag("td", [:], text(String(i.updated))),
                        tag("td", [:], text(String(i.unchanged))), tag("td", [:], text(String(i.rejected))), tag("td", [:], text(String(i.reviews))))
                })))
    }

    static func columns(_ kind: SourceKind) -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "cols-title"],
            tag("h2", ["id": "cols-title"], text("Columns of a \(kind.label.lowercased()) file")),
            tag("p", [:], text("A header row, then one row per child, in any column order. Templates and examples: docs/imports/\(kind.rawValue).csv and docs/imports/\(kind.rawValue)-example.csv.")),
            table("Columns", ["Column", "Required", "Meaning"], kind.columns.map { c in
                tag("tr", [:], tag("th", ["scope": "row"], tag("code", [:], text(c.name))), tag("td", [:], text(c.required ? "Yes" : "No")), tag("td", [:], text(c.meaning)))
            }))
    }

    static func fhirNote() -> Markup {
        tag("section", ["class": "panel", "aria-labelledby": "fhir-title"],
            tag("h2", ["id": "fhir-title"], text("What a Bundle holds")),
            tag("p", [:], text("A FHIR R4 Bundle of UK Core Patient resources (the NHS number under https://fhir.nhs.uk/Id/nhs-number) and RelatedPerson resources for their mothers, fathers or carers (relationship MTH, FTH or other). Example: docs/imports/child_health-example.fhir.json.")))
    }

    static func statusTag(_ i: SourceStore.ImportRow) -> Markup {
        switch i.status {
        case "done": RequestViews.toneTag("ok", i.rejected > 0 ? "Done, \(i.rejected) rows rejected" : "Done")
        case "running": RequestViews.toneTag("warn", "Running")
        case "queued": RequestViews.toneTag("warn", "Queued: waiting its turn")
        case "refused": RequestViews.toneTag("late", "Refused")
        default: RequestViews.toneTag("late", i.status.capitalized)
        }
    }

    static func importPage(_ i: SourceStore.ImportRow, layout: Layout.Context) -> String {
        let refused = i.problemList.filter { !$0.warning }
        let warnings = i.problemList.filter(\.warning)
        func report(_ rows: [RowProblem], _ caption: String) -> Markup {
            table(caption, ["Row", "Field", "Problem"], rows.map { p in
                tag("tr", [:], tag("th", ["scope": "row"], text(String(p.row))), tag("td", [:], tag("code", [:], text(p.field))), tag("td", [:], text(p.problem)))
            })
        }
        return Layout.page(layout,
            nav("sources"),
            tag("h1", [:], text("Import \(i.id): \(i.fileName)")),
            tag("p", [:], text("From "), link("/sources/\(i.sourceId)", i.sourceName), text(", started \(i.startedAt)\(i.finishedAt.map { ", finished \($0)" } ?? "")."), text(" "), statusTag(i)),
            i.status == "interrupted" || i.status == "failed"
                ? tag("div", ["class": "error-summary", "role": "alert"], tag("h2", [:], text("This import stopped before the end")),
                      tag("p", [:], text("The rows it stored are kept. Import the same file again: what is already stored is skipped and the rest is taken.")))
                : group([]),
            i.refusedReason.map { tag("div", ["class": "error-summary", "role": "alert"], tag("h2", [:], text("Refused whole: nothing was imported")), tag("p", [:], text($0))) } ?? group([]),
            tag("div", ["role": "status", "aria-live": "polite"],
                tag("p", [:], tag("label", ["for": "progress"], text("Rows \(i.rowsDone) of \(i.rowsTotal)"))),
                tag("progress", ["id": "progress", "max": String(max(1, i.rowsTotal)), "value": String(i.rowsDone)], text("\(i.rowsDone) of \(i.rowsTotal)")),
                i.isRunning ? tag("p", ["class": "hint"], text("This page refreshes itself every two seconds while the import runs."), voidTag("meta", ["http-equiv": "refresh", "content": "2"])) : group([])),
            tag("dl", ["class": "summary"], [("Added (new records)", i.added), ("Updated (changed records)", i.updated), ("Unchanged", i.unchanged),
                                           ("Rejected rows", i.rejected), ("Links to review", i.reviews)].map { k, v in
                group([tag("dt", [:], text(k)), tag("dd", [:], text(String(v)))])
            }),
            i.reviews > 0 ? tag("p", [:], link("/links/review", "Review the proposed links", class: "button")) : group([]),
            tag("section", ["class": "panel", "aria-labelledby": "report-title"],
                tag("h2", ["id": "report-title"], text("Rows not imported (\(refused.count) problems)")),
                refused.isEmpty ? tag("p", [:], text("Every row was read.")) : report(refused, "Per-row report: rows refused")),
            tag("section", ["class": "panel", "aria-labelledby": "warnings-title"],
                tag("h2", ["id": "warnings-title"], text("Imported with a field left out (\(warnings.count) warnings)")),
                warnings.isEmpty ? tag("p", [:], text("No field was left out.")) : report(warnings, "Per-row report: warnings")))
    }
}
