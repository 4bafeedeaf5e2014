import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

struct SecurityTests {
    @Test func formsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let before = try await app.count("people")
            let fields = ["kind": "child", "givenName": "Forged", "familyName": "Request", "sex": "male", "dateOfBirth": "2025-01-01"]
            #expect(try await b.post("/children", fields, csrf: "").status == .forbidden)
            #expect(try await b.post("/children", fields, csrf: "not-the-token").status == .forbidden)
            #expect(try await app.count("people") == before)
            // Refusals are recorded against the signed-in practitioner.
            let me = try await app.sql.raw("SELECT id FROM practitioners WHERE username = 'health.visitor'").first(decodingColumn: "id", as: Int64.self)
            let refusals = try await AuditStore.denied(on: app.sql).filter { $0.reason.contains("CSRF") }
            #expect(refusals.count == 2 && refusals.allSatisfy { $0.actorId == me })
        }
    }

    /// A long note arrives over the socket in several parts; its token is still found, and
    /// it is saved, not refused as a forgery.
    @Test func aLongFormOverARealSocketIsNotTakenForAForgery() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app).overSocket()
            let child = try await relatedChild(app)
            let body = (1...400).map { "Visit \($0): seen at home, settling in." }.joined(separator: " ")
            #expect(body.count > 12_000)
            let saved = try await b.post("/people/\(child)/notes", ["body": body, "visibility": "profession"])
            #expect(saved.status != .forbidden, "\(saved.text.prefix(200))")
            let stored = try await app.sql.raw("SELECT body FROM notes WHERE person_id = \(bind: child) ORDER BY id DESC LIMIT 1").first(decodingColumn: "body", as: String.self)
            #expect(stored?.count == body.count && stored == body, "the note was not stored whole")
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let child = try await relatedChild(app)
            for res in [try await app.send(.GET, "/sign-in"), try await b.get("/people/\(child)"), try await b.get("/people/99999999"),
                        try await app.send(.GET, "/api/v1/people/1"), try await b.get("/no-such-page")] {
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"))
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil, "not over plain HTTP")
            }
            // No page relies on inline script or style the policy would block.
            for path in ["/sign-in", "/people/\(child)", "/search", "/worklist"] {
                let html = try await b.get(path).text
                #expect(!html.contains("<script>") && !html.contains(" style=") && !html.contains(" onclick="), "\(path)")
            }
        }
        try await withCradle(children: 0, settings: { $0.secureCookies = true }) { app in
            let res = try await app.send(.GET, "/sign-in")
            #expect(res.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndSameSite() async throws {
        try await withCradle(children: 5) { app in
            let res = try await app.send(.GET, "/sign-in")
            let header = res.headers[.setCookie].joined(separator: ";").lowercased()
            #expect(header.contains("httponly"))
            #expect(header.contains("samesite=lax"))
        }
    }

    @Test func wrongPasswordIsRefusedAndSignOutEndsTheSession() async throws {
        try await withCradle(children: 5) { app in
            var b = Browser(app)
            _ = try await b.get("/sign-in")
            let bad = try await b.post("/sign-in", ["username": "health.visitor", "password": "wrong"])
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains("Username or password is not right"))
            var ok = try await Browser.signedIn(app)
            #expect(try await ok.get("/search").status == .ok)
            let stolen = ok.cookie
            #expect(try await ok.post("/sign-out", [:]).status == .seeOther)
            let after = try await app.send(.GET, "/search", headers: ["Cookie": stolen])
            #expect(after.status == .seeOther, "the old session cookie no longer works")
        }
    }

    @Test func signInIssuesANewSessionID() async throws {
        try await withCradle(children: 5) { app in
            var b = Browser(app)
            _ = try await b.get("/sign-in")
            let planted = b.cookie
            _ = try await b.post("/sign-in", ["username": "health.visitor", "password": DemoLoader.demoPassword])
            #expect(!b.cookie.isEmpty && b.cookie != planted)
        }
    }

    @Test func apiRefusesMissingOrUnknownTokens() async throws {
        try await withCradle(children: 5) { app in
            let anonymous = try await app.send(.GET, "/api/v1/people/1")
            #expect(anonymous.status == .unauthorized)
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: "forged")
            let forged = try await app.send(.GET, "/api/v1/people/1", headers: h)
            #expect(forged.status == .unauthorized)
        }
    }
}

struct EscapingTests {
    @Test func typedMarkupIsShownAsTextInFieldsAndPages() async throws {
        try await withCradle(children: 5) { app in
            var b = try await Browser.signedIn(app)
            let hostile = #""><script>alert('x')</script>"#
            // An invalid date makes the form come back with what was typed, inside value="…".
            let res = try await b.post("/children", ["kind": "child", "givenName": hostile, "familyName": "O'Brien & Sons",
                                                     "sex": "female", "dateOfBirth": "not a date"])
            #expect(res.status == .unprocessableEntity)
            #expect(!res.text.contains("<script>alert"))
            #expect(res.text.contains(#"value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;""#))
            let ok = try await b.post("/children", ["kind": "child", "givenName": hostile, "familyName": "O'Brien & Sons",
                                                    "sex": "female", "dateOfBirth": "2025-01-01"])
            let page = try await b.get(ok.headers.first(name: .location)!)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("O&#39;Brien &amp; Sons"))
        }
    }

    @Test func theEscaperHandlesEveryDangerousCharacter() {
        #expect(htmlEscape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(htmlEscape("plain café") == "plain café")
    }

    @Test func markupEscapesValuesAndTextAndLeavesOutNilAttributes() {
        var out = ""
        tag("p", ["title": #"say "hi" <b>"#, "class": nil], text("a<b & 'c'"), voidTag("input", ["value": "x\"y"])).render(into: &out)
        #expect(out == #"<p title="say &quot;hi&quot; &lt;b&gt;">a&lt;b &amp; &#39;c&#39;<input value="x&quot;y"/></p>"#)
    }

    @Test func suffixedIdsChangeOnlyIdAttributesNotTextThatLooksLikeThem() {
        let form = tag("form", [:],
                       tag("label", ["for": "due"], text(#"Type id="due" here"#)),
                       voidTag("input", ["id": "due", "aria-describedby": "due-hint due-error", "data-id": "keep"]))
        var out = ""
        form.suffixingIds("-7").render(into: &out)
        #expect(out == #"<form><label for="due-7">Type id=&quot;due&quot; here</label>"#
                + #"<input id="due-7" aria-describedby="due-hint-7 due-error-7" data-id="keep"/></form>"#)
    }
}

/// The public help form and search refuse floods with a clear message and an audit entry.
struct RateLimitServerTests {
    @Test func thePublicHelpFormIsLimitedPerAddressAndOverall() async throws {
        for (perAddress, overall, key) in [(2, 100, "help-address:"), (100, 2, "help-all")] {
            try await withCradle(children: 5, settings: {
                $0.rateLimits.helpPerAddress = RateLimit(limit: perAddress, window: 3_600)
                $0.rateLimits.helpOverall = RateLimit(limit: overall, window: 3_600)
            }) { app in
                func send() async throws -> TestingHTTPResponse {
                    var family = Browser(app)
                    _ = try await family.get("/help")
                    return try await family.post("/help", EarlyHelpTests.selfReferral)
                }
                let before = try await app.count("support_requests")
                #expect(try await send().status == .seeOther)
                #expect(try await send().status == .seeOther)
                let third = try await send()
                #expect(third.status == .tooManyRequests)
                #expect(third.text.contains("call 999"))
                #expect(try await app.count("support_requests") == before + 2, "the refused request was not stored")
                let refusals = try await AuditStore.denied(on: app.sql).filter { $0.reason.hasPrefix("Rate limit") && $0.category == "self_referral" }
                #expect(refusals.count == 1 && (refusals.first?.detail ?? "").hasPrefix(key), "\(key)")
            }
        }
    }

    @Test func searchIsLimitedPerPractitioner() async throws {
        try await withCradle(children: 5, settings: { $0.rateLimits.searchPerUser = RateLimit(limit: 3, window: 60) }) { app in
            var hv = try await Browser.signedIn(app)
            for _ in 0..<3 { #expect(try await hv.get("/search?postcode=ZY1+0AB").status == .ok) }
            let refused = try await hv.get("/search?postcode=ZY1+0AB")
            #expect(refused.status == .tooManyRequests && refused.text.contains("Wait a minute"))
            #expect(refused.headers.first(name: "Retry-After") == "60")
            var gp = try await Browser.signedIn(app, as: "gp")
            #expect(try await gp.get("/search?postcode=ZY1+0AB").status == .ok, "another practitioner has their own allowance")
            let api = try await app.send(.GET, "/api/v1/search?postcode=ZY1+0AB", headers: try await apiToken(app))
            #expect(api.status == .tooManyRequests, "the API shares the practitioner's allowance")
            #expect(try await AuditStore.denied(on: app.sql).filter { $0.reason.hasPrefix("Rate limit") && $0.action == "search" }.count == 2)
        }
    }
}
