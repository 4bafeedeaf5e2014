/// One synthetic family as the generator makes it, with indexes into `DemoBoroughReference`.
public struct DemoFamily: Sendable {
    public struct Member: Sendable {
        public var kind: PersonKind
        public var relationship: Relationship
        public var givenName: String
        public var familyName: String
        public var sex: Sex
        public var dateOfBirth: Day?
        public var expectedDeliveryDate: Day?
        public var nhsNumber: NHSNumber?
        public var gestationWeeks: Int?
        public var birthWeightGrams: Int?
    }
    public struct Address: Sendable {
        public var line: String
        public var postcode: Int
        public var from: Day
        public var to: Day?
    }
    public struct Involvement: Sendable {
        public var service: Int
        /// Index into `members`, or nil when the service works with the whole family.
        public var member: Int?
        public var start: Day
        public var end: Day?
        public var lead: Int?
    }
    public struct Contact: Sendable {
        public var member: Int
        public var service: Int
        public var practitioner: Int
        public var date: Day
        public var type: ContactType
        public var place: ContactPlace
        public var outcome: ContactOutcome
    }
    public struct Note: Sendable {
        public var member: Int
        public var author: Int
        public var date: Day
        public var body: String
        public var visibility: NoteVisibility
    }

    public struct Consent: Sendable {
        public var member: Int
        public var purpose: ConsentPurpose
        public var status: ConsentStatus
        public var givenBy: String
        public var date: Day
        public var method: ConsentMethod
        public var recordedBy: Int
    }

    public var name: String
    public var members: [Member] = []
    /// Household addresses, shared by every member; the newest has no end date.
    public var addresses: [Address] = []
    public var involvements: [Involvement] = []
    public var contacts: [Contact] = []
    public var notes: [Note] = []
    public var consents: [Consent] = []

    public var childCount: Int { members.filter { $0.kind == .child }.count }
}
