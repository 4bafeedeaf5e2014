import Vapor
import CradleCore

/// Every route. Each handler asks the access policy before it reads or writes;
/// PolicyEnforcementMiddleware fails any response that did not.
func routes(_ app: Application) throws {
    // Reports and exports read the whole store: their handlers run on the report thread.
    let longReads = ReportRoutes(base: app)
    app.get { try await SessionController.home($0) }
    app.get("sign-in") { try await SessionController.form($0) }
    app.post("sign-in") { try await SessionController.signIn($0) }
    app.post("sign-out") { try await SessionController.signOut($0) }
    app.get("cradle.css") { try await Assets.stylesheet($0) }
    app.get("health") { try await Operations.health($0) }
    app.get("ready") { try await Operations.ready($0) }
    app.get("metrics") { try await Operations.metrics($0) }

    app.get("search") { try await SearchController.search($0) }
    app.get("account") { try await AccountController.page($0) }
    app.get("account", "setup", ":token") { try await AccountSetup.form($0) }
    app.post("account", "setup", ":token") { try await AccountSetup.complete($0) }
    app.post("account", "password") { try await AccountController.changePassword($0) }
    app.post("account", "tokens") { try await AccountController.createToken($0) }
    app.post("account", "tokens", ":id", "revoke") { try await AccountController.revokeToken($0) }
    app.get("children", "new") { try await PersonController.newChild($0) }
    app.post("children") { try await PersonController.createChild($0) }
    app.get("people", ":id") { try await PersonController.record($0) }
    app.get("people", ":id", "edit") { try await PersonController.edit($0) }
    app.post("people", ":id") { try await PersonController.update($0) }
    app.get("people", ":id", "access") { try await AuditController.personAccess($0) }
    app.get("people", ":id", "consents") { try await ConsentController.page($0) }
    app.post("people", ":id", "consents") { try await ConsentController.record($0) }
    app.get("people", ":id", "break-glass") { try await BreakGlassController.form($0) }
    app.post("people", ":id", "break-glass") { try await BreakGlassController.open($0) }

    app.get("admin", "accounts") { try await AdminController.list($0) }
    app.post("admin", "accounts") { try await AdminController.create($0) }
    app.post("admin", "accounts", ":id", "active") { try await AdminController.setActive($0) }
    app.post("admin", "accounts", ":id", "unlock") { try await AdminController.unlock($0) }

    app.get("governance") { try await GovernanceController.home($0) }
    app.get("governance", "agreements", "new") { try await GovernanceController.newAgreement($0) }
    app.post("governance", "agreements") { try await GovernanceController.saveAgreement($0) }
    app.get("governance", "agreements", ":id", "edit") { try await GovernanceController.editAgreement($0) }
    app.post("governance", "agreements", ":id") { try await GovernanceController.saveAgreement($0) }
    app.get("governance", "break-glass") { try await BreakGlassController.reviews($0) }
    app.post("governance", "break-glass", ":id") { try await BreakGlassController.review($0) }
    app.get("governance", "denied") { try await GovernanceController.denied($0) }
    app.get("governance", "audit") { try await GovernanceController.audit($0) }
    longReads.get("governance", "audit.csv") { try await GovernanceController.auditCSV($0) }
    app.get("governance", "users", ":id") { try await GovernanceController.user($0) }

    app.get("families", ":id") { try await FamilyController.show($0) }
    app.get("families", ":id", "edit") { try await FamilyController.edit($0) }
    app.post("families", ":id") { try await FamilyController.update($0) }
    app.get("families", ":id", "members", "new") { try await FamilyController.newMember($0) }
    app.post("families", ":id", "members") { try await FamilyController.createMember($0) }

    app.get("people", ":id", "involvements", "new") { try await InvolvementController.new($0) }
    app.post("people", ":id", "involvements") { try await InvolvementController.create($0) }
    app.get("involvements", ":id", "edit") { try await InvolvementController.edit($0) }
    app.post("involvements", ":id") { try await InvolvementController.update($0) }

    app.get("people", ":id", "contacts", "new") { try await ContactController.new($0) }
    app.post("people", ":id", "contacts") { try await ContactController.create($0) }
    app.get("contacts", ":id", "edit") { try await ContactController.edit($0) }
    app.post("contacts", ":id") { try await ContactController.update($0) }

    app.get("people", ":id", "notes", "new") { try await NoteController.new($0) }
    app.post("people", ":id", "notes") { try await NoteController.create($0) }
    app.get("notes", ":id", "edit") { try await NoteController.edit($0) }
    app.post("notes", ":id") { try await NoteController.update($0) }

    app.get("people", ":id", "reviews", "new") { try await ReviewController.new($0) }
    app.post("people", ":id", "reviews") { try await ReviewController.create($0) }
    app.get("reviews", ":id") { try await ReviewController.show($0) }
    app.post("reviews", ":id", "sections", ":section") { try await ReviewController.saveSection($0) }
    app.get("worklist") { try await WorklistController.page($0) }
    longReads.get("reports", "timeliness") { try await TimelinessController.page($0) }
    longReads.get("reports", "reach") { try await ReachController.page($0) }
    app.get("families", ":id", "journey") { try await FamilyJourneyController.page($0) }
    app.post("families", ":id", "journey") { try await FamilyJourneyController.create($0) }
    app.post("families", ":id", "service-level") { try await FamilyJourneyController.setLevel($0) }

    app.get("help") { try await RequestController.selfReferralForm($0) }
    app.post("help") { try await RequestController.selfRefer($0) }
    app.get("help", "sent") { try await RequestController.selfReferralSent($0) }
    app.get("privacy") { try await RequestController.privacy($0) }
    app.get("early-help", "requests", "new") { try await RequestController.new($0) }
    app.post("early-help", "requests") { try await RequestController.create($0) }
    app.get("early-help", "requests", ":id") { try await RequestController.show($0) }
    app.post("early-help", "requests", ":id", "triage") { try await RequestController.triage($0) }
    app.get("early-help", "triage") { try await RequestController.queue($0) }
    app.get("early-help", "advice") { try await RequestController.advice($0) }
    app.post("early-help", "advice") { try await RequestController.logAdvice($0) }
    app.get("early-help", "programmes") { try await FamilyEarlyHelpController.catalogue($0) }
    app.get("panels") { try await PanelController.list($0) }
    app.post("panels") { try await PanelController.create($0) }
    app.get("panels", ":id") { try await PanelController.show($0) }
    app.post("panels", ":id", "agenda") { try await PanelController.addToAgenda($0) }
    app.post("panels", ":id", "attendance") { try await PanelController.attendance($0) }
    app.get("panels", ":id", "families", ":family") { try await PanelController.family($0) }
    app.post("panels", ":id", "items", ":item", "decision") { try await PanelController.decide($0) }
    app.post("panels", ":id", "items", ":item", "actions") { try await PanelController.addAction($0) }
    app.get("plans", ":id") { try await PlanController.show($0) }
    app.post("plans", ":id", "members") { try await PlanController.addMember($0) }
    app.post("plans", ":id", "goals") { try await PlanController.addGoal($0) }
    app.post("plans", ":id", "actions") { try await PlanController.addAction($0) }
    app.post("plans", ":id", "actions", ":action", "done") { try await PlanController.completeAction($0) }
    app.post("plans", ":id", "reviews") { try await PlanController.addReview($0) }
    app.post("plans", ":id", "step") { try await PlanController.step($0) }
    app.post("plans", ":id", "close") { try await PlanController.close($0) }
    app.get("families", ":id", "early-help") { try await FamilyEarlyHelpController.page($0) }
    app.post("families", ":id", "plans") { try await FamilyEarlyHelpController.openPlan($0) }
    app.post("families", ":id", "programmes") { try await FamilyEarlyHelpController.offer($0) }
    app.post("families", ":id", "programmes", ":offer") { try await FamilyEarlyHelpController.moveOffer($0) }
    app.get("caseload") { try await CaseloadController.page($0) }

    app.get("centres", ":id") { try await CentreController.page($0) }
    app.post("centres", ":id", "registrations") { try await CentreController.register($0) }
    app.post("centres", ":id", "activities") { try await CentreController.addActivity($0) }
    app.get("centres", ":id", "activities", ":activity") { try await OfferController.activityForm($0) }
    app.post("centres", ":id", "activities", ":activity") { try await OfferController.saveActivity($0) }
    app.post("centres", ":id", "activities", ":activity", "withdraw") { try await OfferController.withdrawActivity($0) }
    app.get("offer") { try await OfferController.page($0) }
    app.get("partnership") { try await PartnershipController.page($0) }
    app.on(.POST, "partnership", "scores", body: .collect(maxSize: "6mb")) { try await PartnershipController.score($0) }
    app.get("partnership", "files", ":id") { try await PartnershipController.file($0) }
    app.get("family", "sign-in") { try await FamilySignInController.form($0) }
    app.post("family", "sign-in") { try await FamilySignInController.send($0) }
    app.get("family", "sign-in", "oidc") { try await FamilySignInController.providerStart($0) }
    app.get("family", "sign-in", "oidc", "callback") { try await FamilySignInController.providerCallback($0) }
    app.get("family", "sign-in", ":token") { try await FamilySignInController.confirm($0) }
    app.post("family", "sign-in", ":token") { try await FamilySignInController.redeem($0) }
    app.get("family") { try await FamilyRecordController.page($0) }
    app.post("family", "consents") { try await FamilyRecordController.consent($0) }
    app.post("family", "requests") { try await FamilyRecordController.request($0) }
    app.get("family", "export.json") { try await FamilyRecordController.export($0) }
    app.get("family", "export.html") { try await FamilyRecordController.export($0) }
    app.post("families", ":id", "access") { try await FamilyAccessController.register($0) }
    app.post("families", ":id", "access", ":account", "active") { try await FamilyAccessController.setActive($0) }
    app.get("records", "requests") { try await FamilyAccessController.queue($0) }
    app.post("family-requests", ":id") { try await FamilyAccessController.answer($0) }
    app.post("people", ":id", "address-safety") { try await FamilyAccessController.addressSafety($0) }
    app.get("services", ":id", "offer") { try await OfferController.serviceForm($0) }
    app.post("services", ":id", "offer") { try await OfferController.saveService($0) }
    app.post("services", ":id", "offer", "withdraw") { try await OfferController.withdrawService($0) }
    app.post("centres", ":id", "details") { try await CentreController.saveDetails($0) }
    app.get("centres", ":id", "welcome", ":person") { try await CentreController.welcome($0) }
    app.post("centres", ":id", "notices", ":notice", "done") { try await CentreController.noticeDone($0) }
    app.post("centres", ":id", "follow-ups", ":followup") { try await CentreController.closeFollowUp($0) }

    app.get("sources") { try await SourceController.list($0) }
    app.post("sources") { try await SourceController.create($0) }
    app.get("sources", ":id") { try await SourceController.show($0) }
    app.on(.POST, "sources", ":id", "imports", body: .collect(maxSize: ImportLimits.maxFile)) { try await SourceController.upload($0) }
    app.get("imports", ":id") { try await SourceController.importStatus($0) }
    app.get("links", "review") { try await LinkReviewController.queue($0) }
    app.get("links", "review", ":id") { try await LinkReviewController.show($0) }
    app.post("links", "review", ":id") { try await LinkReviewController.decide($0) }
    app.get("links", "merges") { try await LinkReviewController.merges($0) }
    app.post("links", "merges") { try await LinkReviewController.merge($0) }
    app.post("links", "merges", ":id", "unmerge") { try await LinkReviewController.unmerge($0) }
    longReads.get("links", "export") { try await LinkReviewController.export($0) }

    FHIRAPI.register(app)

    let api = app.grouped("api", "v1")
    let apiLongReads = ReportRoutes(base: api)
    api.get("openapi.json") { try await OpenAPIDocument.serve($0) }
    api.post("tokens") { try await PeopleAPI.createToken($0) }
    api.get("tokens") { try await PeopleAPI.tokens($0) }
    api.post("tokens", ":id", "revoke") { try await PeopleAPI.revokeToken($0) }
    api.get("search") { try await PeopleAPI.search($0) }
    api.post("people") { try await PeopleAPI.create($0) }
    api.get("people", ":id") { try await PeopleAPI.show($0) }
    api.put("people", ":id") { try await PeopleAPI.update($0) }
    api.patch("people", ":id") { try await PeopleAPI.update($0) }
    api.get("families", ":id") { try await PeopleAPI.family($0) }
    api.put("families", ":id") { try await PeopleAPI.updateFamily($0) }
    api.patch("families", ":id") { try await PeopleAPI.updateFamily($0) }
    api.post("families", ":id", "members") { try await PeopleAPI.addMember($0) }
    api.get("people", ":id", "involvements") { try await ServiceRecordsAPI.involvements($0) }
    api.post("people", ":id", "involvements") { try await ServiceRecordsAPI.createInvolvement($0) }
    api.put("involvements", ":id") { try await ServiceRecordsAPI.updateInvolvement($0) }
    api.patch("involvements", ":id") { try await ServiceRecordsAPI.updateInvolvement($0) }
    api.get("people", ":id", "contacts") { try await ServiceRecordsAPI.contacts($0) }
    api.post("people", ":id", "contacts") { try await ServiceRecordsAPI.createContact($0) }
    api.put("contacts", ":id") { try await ServiceRecordsAPI.updateContact($0) }
    api.patch("contacts", ":id") { try await ServiceRecordsAPI.updateContact($0) }
    api.get("people", ":id", "notes") { try await ServiceRecordsAPI.notes($0) }
    api.post("people", ":id", "notes") { try await ServiceRecordsAPI.createNote($0) }
    api.put("notes", ":id") { try await ServiceRecordsAPI.updateNote($0) }
    api.patch("notes", ":id") { try await ServiceRecordsAPI.updateNote($0) }
    api.get("people", ":id", "consents") { try await GovernanceAPI.consents($0) }
    api.post("people", ":id", "consents") { try await GovernanceAPI.recordConsent($0) }
    api.post("people", ":id", "break-glass") { try await GovernanceAPI.breakGlass($0) }
    api.post("people", ":id", "reviews") { try await HealthyChildAPI.create($0) }
    api.get("reviews", ":id") { try await HealthyChildAPI.show($0) }
    api.put("reviews", ":id", "sections", ":section") { try await HealthyChildAPI.saveSection($0) }
    api.get("worklist") { try await HealthyChildAPI.worklist($0) }
    api.post("early-help", "requests") { try await EarlyHelpAPI.create($0) }
    api.get("early-help", "requests", ":id") { try await EarlyHelpAPI.show($0) }
    api.post("early-help", "requests", ":id", "triage") { try await EarlyHelpAPI.triage($0) }
    api.get("early-help", "triage") { try await EarlyHelpAPI.queue($0) }
    api.get("early-help", "advice") { try await EarlyHelpAPI.adviceLog($0) }
    api.post("early-help", "advice") { try await EarlyHelpAPI.logAdvice($0) }
    api.get("caseload") { try await EarlyHelpAPI.caseload($0) }
    api.get("panels") { try await PanelAPI.list($0) }
    api.post("panels") { try await PanelAPI.create($0) }
    api.get("panels", ":id") { try await PanelAPI.show($0) }
    api.post("panels", ":id", "agenda") { try await PanelAPI.addToAgenda($0) }
    api.post("panels", ":id", "items", ":item", "decision") { try await PanelAPI.decide($0) }
    api.get("plans", ":id") { try await PlanAPI.show($0) }
    api.post("plans", ":id", "goals") { try await PlanAPI.addGoal($0) }
    api.post("plans", ":id", "actions") { try await PlanAPI.addAction($0) }
    api.post("plans", ":id", "members") { try await PlanAPI.addMember($0) }
    api.post("plans", ":id", "actions", ":action", "done") { try await PlanAPI.completeAction($0) }
    api.post("plans", ":id", "step") { try await PlanAPI.step($0) }
    api.post("panels", ":id", "attendance") { try await PanelAPI.attendance($0) }
    api.get("merges") { try await LinkReviewAPI.merges($0) }
    api.post("merges") { try await LinkReviewAPI.merge($0) }
    api.post("merges", ":id", "unmerge") { try await LinkReviewAPI.unmerge($0) }
    api.get("families", ":id", "early-help") { try await FamilyEarlyHelpAPI.show($0) }
    api.post("families", ":id", "plans") { try await FamilyEarlyHelpAPI.openPlan($0) }
    api.post("families", ":id", "programmes") { try await FamilyEarlyHelpAPI.offer($0) }
    api.post("families", ":id", "programmes", ":offer") { try await FamilyEarlyHelpAPI.moveOffer($0) }
    api.get("families", ":id", "journey") { try await FamilyJourneyAPI.show($0) }
    api.post("families", ":id", "journey") { try await FamilyJourneyAPI.record($0) }
    api.post("families", ":id", "service-level") { try await FamilyJourneyAPI.setLevel($0) }
    api.get("accounts") { try await AccountsAPI.list($0) }
    api.post("accounts") { try await AccountsAPI.create($0) }
    api.post("accounts", ":id", "active") { try await AccountsAPI.setActive($0) }
    api.post("accounts", ":id", "unlock") { try await AccountsAPI.unlock($0) }
    api.get("people", ":id", "access") { try await AuditAPI.personAccess($0) }
    api.get("early-help", "programmes") { try await FamilyEarlyHelpAPI.catalogue($0) }
    apiLongReads.get("links", "export") { try await LinkReviewAPI.export($0) }
    api.get("agreements") { try await AgreementsAPI.list($0) }
    api.post("agreements") { try await AgreementsAPI.create($0) }
    api.get("agreements", ":id") { try await AgreementsAPI.show($0) }
    api.put("agreements", ":id") { try await AgreementsAPI.update($0) }
    api.patch("agreements", ":id") { try await AgreementsAPI.update($0) }
    api.get("break-glass") { try await GovernanceAPI.breakGlassReviews($0) }
    api.post("break-glass", ":id", "review") { try await GovernanceAPI.reviewBreakGlass($0) }
    api.post("plans", ":id", "reviews") { try await PlanAPI.addReview($0) }
    api.post("plans", ":id", "close") { try await PlanAPI.close($0) }
    api.get("centres", ":id") { try await CentresAPI.show($0) }
    api.post("centres", ":id", "registrations") { try await CentresAPI.register($0) }
    api.post("centres", ":id", "activities") { try await CentresAPI.addActivity($0) }
    api.put("centres", ":id", "details") { try await CentresAPI.saveDetails($0) }
    api.post("centres", ":id", "follow-ups", ":followup") { try await CentresAPI.closeFollowUp($0) }
    api.post("centres", ":id", "notices", ":notice", "done") { try await CentresAPI.noticeDone($0) }
    apiLongReads.get("reports", "timeliness") { try await ReportsAPI.timeliness($0) }
    apiLongReads.get("reports", "reach") { try await ReportsAPI.reach($0) }
    api.get("link-reviews") { try await LinkReviewAPI.queue($0) }
    api.get("link-reviews", ":id") { try await LinkReviewAPI.show($0) }
    api.post("link-reviews", ":id") { try await LinkReviewAPI.decide($0) }
    api.get("audit") { try await AuditAPI.search($0) }
    api.get("services") { try await PeopleAPI.services($0) }
    api.get("practitioners") { try await PeopleAPI.practitioners($0) }
    api.get("sources") { try await ImportAPI.sources($0) }
    api.post("sources") { try await ImportAPI.createSource($0) }
    api.get("sources", ":source", "imports") { try await ImportAPI.imports($0) }
    api.on(.POST, "sources", ":source", "imports", body: .collect(maxSize: ImportLimits.maxFile)) { try await ImportAPI.upload($0) }
    api.get("imports", ":id") { try await ImportAPI.status($0) }
    api.on(.POST, "notifications", body: .collect(maxSize: ImportLimits.maxFile)) { try await ImportAPI.notify($0) }
}
