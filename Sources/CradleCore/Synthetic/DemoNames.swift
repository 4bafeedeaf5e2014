/// Names for synthetic people. Babies' names are the ONS top 50 for England and Wales 2024
/// (ONS baby names 2024, Table 1); surnames are the commonest UK surnames (electoral
/// register 1996) plus names common in diverse London boroughs (demo_borough_facts.md §13).
enum DemoNames {
    static let boys = ["Muhammad", "Noah", "Oliver", "Arthur", "Leo", "George", "Luca", "Theodore", "Oscar", "Archie",
                       "Jude", "Theo", "Freddie", "Henry", "Arlo", "Alfie", "Charlie", "Finley", "Albie", "Harry",
                       "Mohammed", "Jack", "Elijah", "Rory", "Lucas", "Thomas", "William", "Louie", "Teddy", "Jacob",
                       "Edward", "Roman", "Reuben", "Oakley", "Adam", "Alexander", "Isaac", "Ezra", "Tommy", "James",
                       "Rowan", "Hudson", "Reggie", "Max", "Sebastian", "Hugo", "Louis", "Ethan", "Ronnie", "Joshua"]
    static let girls = ["Olivia", "Amelia", "Lily", "Isla", "Ivy", "Florence", "Freya", "Poppy", "Ava", "Elsie",
                        "Isabella", "Sofia", "Sophia", "Mia", "Maya", "Bonnie", "Phoebe", "Daisy", "Sienna", "Evelyn",
                        "Willow", "Harper", "Charlotte", "Rosie", "Grace", "Maeve", "Millie", "Margot", "Evie", "Arabella",
                        "Matilda", "Hallie", "Delilah", "Emily", "Aria", "Penelope", "Mabel", "Lottie", "Ella", "Ada",
                        "Ruby", "Violet", "Aurora", "Maisie", "Emilia", "Mila", "Ayla", "Luna", "Alice", "Sophie"]
    /// Given names common among today's parents (born 1985–2000).
    static let women = ["Sarah", "Emma", "Laura", "Rebecca", "Gemma", "Amy", "Jessica", "Charlotte", "Hannah", "Sophie",
                        "Lauren", "Emily", "Katie", "Rachel", "Natalie", "Jade", "Chloe", "Stacey", "Samantha", "Kirsty",
                        "Fatima", "Aisha", "Priya", "Ayesha", "Zainab", "Amina", "Agnieszka", "Ioana", "Grace", "Abigail"]
    static let men = ["James", "Daniel", "Thomas", "Matthew", "Christopher", "David", "Michael", "Jonathan", "Andrew", "Adam",
                      "Ryan", "Luke", "Ashley", "Craig", "Mark", "Robert", "Richard", "Samuel", "Joseph", "Benjamin",
                      "Mohammed", "Ali", "Imran", "Arjun", "Kwame", "Chinedu", "Piotr", "Andrei", "Liam", "Jamie"]
    static let surnames = ["Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Wilson", "Evans", "Thomas", "Johnson",
                           "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Hall", "Edwards", "Green",
                           "Martin", "Wood", "Harris", "Lewis", "Clarke", "Jackson", "Clark", "Turner", "Hill", "Scott",
                           "Moore", "Cooper", "Morris", "Ward", "King", "Watson", "Baker", "Harrison", "Morgan", "Patel",
                           "Khan", "Ali", "Ahmed", "Hussain", "Begum", "Singh", "Shah", "Rahman", "Islam", "Akhtar",
                           "Nguyen", "Kaur", "Mensah", "Okafor", "Nowak", "Kowalski", "Popescu", "Young", "Allen", "Mitchell"]
    static let streets = ["Acacia Road", "Beech Grove", "Canal Street", "Dale View", "Elm Close", "Foundry Lane",
                          "Garden Walk", "Hawthorn Way", "Iris Court", "Jubilee Terrace", "Kestrel Drive", "Linden Avenue",
                          "Mill Lane", "Nightingale Road", "Orchard Rise", "Poplar Street", "Quarry Hill", "Rowan Crescent",
                          "Station Road", "Tanner's Row", "Union Street", "Vicarage Lane", "Willow Bank", "Yew Tree Close"]
    static let wards = ["Abbey Fields", "Brookside", "Castle Hill", "Dunmore", "Elmwood", "Fairview", "Greenbank",
                        "Harrowgate", "Ivy Lane", "Juniper", "Kingsmead", "Larkrise", "Millbrook", "Northgate",
                        "Oakdene", "Parkside", "Queensway", "Riverside"]
}
