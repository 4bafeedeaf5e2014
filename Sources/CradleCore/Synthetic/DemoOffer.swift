/// The demo borough's local offer: what each children's centre runs, and the entries its
/// services write for families. Fictional, in the shape real centres publish.
public enum DemoOffer {
    /// A centre's weekly activities; centres differ by which day they hold each.
    public static func activities(centre: Int) -> [CentreActivityInput] {
        let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        func day(_ k: Int) -> String { days[(centre + k) % days.count] }
        return [
            CentreActivityInput(title: "Stay and play", when: "\(day(0))s 10:00–11:30", place: "Main hall",
                                description: "Messy play, toys and songs for babies and toddlers with their grown-ups; a cuppa and a chat with staff.",
                                details: OfferDetails(cost: "Free", howToJoin: "Drop in", fromMonths: 0, toMonths: 48, needs: [.play, .talking])),
            CentreActivityInput(title: "Baby massage", when: "\(day(1))s 13:30–14:30, five-week course", place: "Family room",
                                description: "Learn gentle massage to soothe your baby and help them sleep.",
                                details: OfferDetails(cost: "Free", howToJoin: "Book at reception or ask your health visitor", fromMonths: 0, toMonths: 11,
                                                      needs: [.sleep, .wellbeing])),
            CentreActivityInput(title: "Chatter Tots", when: "\(day(2))s 9:30–10:30", place: "Library corner",
                                description: "Stories, rhymes and talking games to build your child's words.",
                                details: OfferDetails(cost: "£1 a session", howToJoin: "Drop in", fromMonths: 18, toMonths: 48, needs: [.talking, .play])),
            CentreActivityInput(title: "Bump and beyond", when: "\(day(3))s 18:00–19:30, four-week course", place: "Family room",
                                description: "Antenatal group with the midwives: birth, feeding and the first weeks.",
                                details: OfferDetails(cost: "Free", howToJoin: "Ask your midwife, or book at reception", fromMonths: -9, toMonths: -1,
                                                      needs: [.pregnancy, .feeding])),
            CentreActivityInput(title: "Money and work advice", when: "\(day(4))s 10:00–12:00", place: "Advice room",
                                description: "Benefits, childcare funding, housing and training: advisers from the council and partners.",
                                details: OfferDetails(cost: "Free", howToJoin: "Drop in, or phone the centre to book", fromMonths: -9, toMonths: 60,
                                                      needs: [.money])),
        ]
    }

    /// The entry a service of this kind writes, if it publishes one.
    public static func serviceEntry(_ kind: ServiceKind) -> ServiceOfferInput? {
        switch kind {
        case .healthVisiting:
            ServiceOfferInput(description: "Health visitors see every family from late pregnancy until your child starts school: reviews of your child's health and development, feeding, sleep and how you are feeling.",
                              when: "Monday to Friday, 9:00–17:00", place: "At home, at clinics and at children's centres",
                              details: OfferDetails(cost: "Free", howToJoin: "Every family is offered it; phone your health visiting team to ask for a visit",
                                                    fromMonths: -3, toMonths: 60, needs: [.health, .feeding, .sleep, .wellbeing, .behaviour]))
        case .midwifery:
            ServiceOfferInput(description: "Midwives care for you through pregnancy, birth and the first weeks with your baby.",
                              when: "Clinics weekdays; the maternity unit every day", place: "GP surgeries, children's centres and the hospital",
                              details: OfferDetails(cost: "Free", howToJoin: "Refer yourself as soon as you know you are pregnant, or ask your GP",
                                                    fromMonths: -9, toMonths: 1, needs: [.pregnancy, .feeding]))
        case .speechAndLanguage:
            ServiceOfferInput(description: "Speech and language therapists help children who find talking, understanding or eating and drinking hard.",
                              when: "Weekday appointments", place: "Clinics and children's centres",
                              details: OfferDetails(cost: "Free", howToJoin: "Ask your health visitor or nursery to refer you", fromMonths: 18, toMonths: 60,
                                                    needs: [.talking]))
        case .earlyHelp:
            ServiceOfferInput(description: "Family support workers help with routines, behaviour, money worries and anything else getting in the way, with a plan you agree.",
                              when: "Monday to Friday", place: "At home or at your children's centre",
                              details: OfferDetails(cost: "Free", howToJoin: "Ask for help yourself, or ask anyone working with you to refer you",
                                                    fromMonths: -9, toMonths: 60, needs: [.behaviour, .money, .wellbeing]))
        default:
            nil
        }
    }
}
