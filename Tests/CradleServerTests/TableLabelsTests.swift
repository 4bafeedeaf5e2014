import Testing
@testable import CradleServer

/// On a phone each table row is a card: every data cell must say which column it is.
struct TableLabelsTests {
    @Test func everyDataCellIsNamedForItsColumn() {
        let html = """
            <p>x</p><table class="table"><thead><tr><th scope="col">Child</th><th scope="col">Born</th><th scope="col" class="num">Contacts</th></tr></thead>\
            <tbody><tr><th scope="row"><a href="/people/1">Ada</a></th><td>3 Mar 2025</td><td data-label="Visits">4</td></tr>\
            <tr><th scope="row">Bo</th><td>1 Jan 2024</td><td>2</td></tr></tbody></table>\
            <table class="table"><thead><tr><th scope="col">Area</th><th scope="col">2026/27 Q1</th></tr></thead><tbody><tr><td>Money</td><td>5</td></tr></tbody></table>
            """
        let out = TableLabels.apply(to: html)
        #expect(out.contains(#"<td data-label="Born">3 Mar 2025</td><td data-label="Visits">4</td>"#), "a cell's own label is kept")
        #expect(out.contains(#"<th scope="row">Bo</th><td data-label="Born">1 Jan 2024</td><td data-label="Contacts">2</td>"#))
        #expect(out.contains(#"<td data-label="Area">Money</td><td data-label="2026/27 Q1">5</td>"#))
        #expect(out.hasPrefix("<p>x</p>") && out.hasSuffix("</table>"))
        #expect(TableLabels.apply(to: "<p>no tables</p>") == "<p>no tables</p>")
    }
}
