import Fluent
import Vapor

enum CradleMigrations {
    /// In order; never edit one that has landed — add the next.
    static let all: [any AsyncMigration] = [
        M001_CreateReference(),
        M002_CreatePractitioners(),
        M003_CreatePeople(),
        M004_CreateServiceRecords(),
        M005_CreateSessions(),
        M006_CreateTeamMemberships(),
        M007_CreateAuditEvents(),
        M008_CreateGovernance(),
        M009_AuthHardening(),
        M010_PractitionerRoles(),
        M011_HealthyChildProgramme(),
        M012_EarlyHelp(),
        M013_PersonIndex(),
        M014_BirthLists(),
        M015_CentreRegistrations(),
        M016_FollowUps(),
        M017_Notifications(),
        M018_AuditTruncateGuard(),
        M019_InvolvementBasis(),
        M020_SessionOwnersAndTokenExpiry(),
        M021_AccountSetupLinks(),
        M022_TeamLocalities(),
        M023_SourceRecordAddresses(),
        M024_OfferOutsideCriteria(),
        M025_CentreDetails(),
        M026_PracticeSystems(),
        M027_ImportLeases(),
        M028_LocalOffer(),
        M029_FamilyAccess(),
        M030_Partnership(),
    ]

    static func register(_ app: Application) {
        for m in all { app.migrations.add(m) }
    }
}
