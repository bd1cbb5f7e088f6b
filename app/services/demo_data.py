"""Fixed data for `flask demo`: the fictional districts, their named people, and name pools."""

from typing import NamedTuple

DEMO_PASSWORD = "groundwork-demo"  # noqa: S105  # nosec B105  (published demo password)
DEMO_URL = "http://127.0.0.1:5000"
BENCHMARK_DISTRICT = "Benchmark District"


class DemoUser(NamedTuple):
    key: str
    name: str
    email: str


USERS = (
    DemoUser("admin", "Dr. Renee Alvarez", "admin@example.org"),
    DemoUser("partnerships", "Marcus Chen", "partnerships@example.org"),
    DemoUser("comms", "Priya Natarajan", "comms@example.org"),
    DemoUser("viewer", "Tom Becker", "viewer@example.org"),
)


class Org(NamedTuple):
    """An organisation. rating: "influence interest current>desired PLU" (P/L/U: salience)."""

    key: str
    name: str
    group: str
    sector: str
    rating: str
    tags: str = ""
    schools: str = ""
    notes: str = ""


class Person(NamedTuple):
    """A named person; org is an Org key, history the earlier engagement levels, oldest first."""

    name: str
    group: str
    org: str
    title: str
    rating: str
    langs: str = "en"
    schools: str = ""
    tags: str = ""
    history: str = ""
    notes: str = ""


class DistrictSpec(NamedTuple):
    name: str
    town: str
    cities: tuple[str, ...]  # the first is the district's own town
    area_codes: tuple[str, ...]
    schools: dict[str, str]
    organisations: tuple[Org, ...]
    people: tuple[Person, ...]
    ties: tuple[tuple[str, str, str, int], ...]  # (name, name, type, strength)
    brokers: tuple[tuple[str, str, int, str, int], ...]  # (name, selector, count, type, strength)
    generated: dict[str, int]  # group -> number of generated people
    members: tuple[tuple[str, str], ...]  # (user key, role)
    owners: dict[str, str]  # group -> user key who owns the relationship


LANGUAGES = {"en": "English", "es": "Spanish", "so": "Somali", "ar": "Arabic", "vi": "Vietnamese"}

MV_SCHOOLS = {
    "NW": "Northwood Elementary", "LI": "Lincoln Elementary", "RS": "Riverside Elementary",
    "CP": "Cedar Park Elementary", "MVM": "Maple Valley Middle", "EM": "Eastside Middle",
    "MVH": "Maple Valley High School", "CTC": "Career & Technical Center",
}

MV_ORGS = (
    Org("district", "Maple Valley School District", "district_staff", "K-12 public education",
        "5 5 leading>leading PLU", "visioning team", notes="The district itself: staff and board."),
    Org("mvpm", "Maple Valley Precision Manufacturing", "business", "Advanced manufacturing",
        "5 4 supportive>leading PL", "STEM, advisory board, internships", "CTC MVH",
        "Largest private employer (about 650 staff); short of machinists and technicians."),
    Org("northstar", "Northstar Logistics", "business", "Transportation and logistics",
        "4 2 neutral>supportive P", "internships", notes="Regional distribution hub off I-94."),
    Org("cedartech", "Cedar Tech Solutions", "business", "Information technology",
        "3 4 supportive>leading PL", "STEM, mentoring", "MVH", "Managed IT and cybersecurity."),
    Org("mvcu", "Maple Valley Credit Union", "business", "Financial services",
        "4 3 supportive>supportive PL", "financial literacy, sponsorship", "MVH EM"),
    Org("valleyfresh", "Valley Fresh Foods", "business", "Food processing",
        "3 2 unaware>neutral P", "bilingual", notes="Many Spanish- and Somali-speaking staff."),
    Org("brightline", "Brightline Software", "business", "Software",
        "2 4 supportive>supportive L", "STEM, mentoring", "MVH CTC"),
    Org("hendricks", "Hendricks Construction", "business", "Construction",
        "3 2 resistant>neutral P", "CTE", "CTC"),
    Org("riverauto", "Riverside Auto Group", "business", "Automotive retail and service",
        "2 2 neutral>supportive -", "CTE, internships", "CTC"),
    Org("energycoop", "Valley Energy Cooperative", "business", "Utilities",
        "3 3 neutral>supportive PL", "STEM, sponsorship"),
    Org("chamber", "Maple Valley Chamber of Commerce", "business", "Business association",
        "4 4 leading>leading PLU", "advisory board, Portrait of a Graduate",
        notes="Convenes the employer advisory board; 240 member businesses."),
    Org("mvcc", "Maple Valley Community College", "higher_ed", "Community college",
        "5 5 supportive>leading PLU", "dual enrollment, advisory board, STEM", "MVH CTC",
        "College in the High School and Early College partner."),
    Org("nsu", "Northern State University", "higher_ed", "Public university",
        "4 3 neutral>supportive PL", "teacher pipeline, dual enrollment",
        notes="Regional state university 40 minutes north; student teachers in our schools."),
    Org("hospital", "Maple Valley Regional Hospital", "health", "Hospital and health system",
        "5 3 supportive>leading PL", "health pathway, internships", "CTC",
        "Second-largest employer; nursing and allied-health shortages."),
    Org("clinic", "Eastside Community Health Clinic", "health", "Community health center",
        "2 4 supportive>supportive L", "bilingual, school-based health", "EM RS"),
    Org("publichealth", "Maple Valley County Public Health", "health", "Public health",
        "3 3 neutral>supportive PL", "school-based health"),
    Org("workforce", "Maple Valley Area Workforce Board", "government", "Workforce development",
        "4 4 supportive>leading PL", "advisory board, internships", "CTC"),
    Org("city", "City of Maple Valley", "government", "Municipal government",
        "4 3 supportive>supportive PL"),
    Org("county", "Maple Valley County", "government", "County government",
        "4 2 neutral>supportive PL"),
    Org("library", "Maple Valley Public Library", "government", "Public library",
        "2 4 supportive>supportive L", "family engagement, bilingual"),
    Org("bgc", "Boys & Girls Club of Maple Valley", "community", "Youth development",
        "2 4 supportive>leading L", "after-school, mentoring", "LI RS EM"),
    Org("fourh", "Maple Valley County 4-H", "community", "Youth development",
        "2 3 neutral>supportive L", "STEM, agriculture"),
    Org("ymca", "YMCA of Maple Valley", "community", "Youth and family services",
        "3 3 supportive>supportive L", "after-school"),
    Org("somalicenter", "Somali Community Center of Maple Valley", "community",
        "Immigrant and refugee services", "3 4 neutral>supportive LU",
        "bilingual, family engagement",
        "LI EM MVH"),
    Org("lafamilia", "La Familia Resource Center", "community", "Family services",
        "3 5 supportive>leading LU", "bilingual, family engagement", "NW RS CP"),
    Org("pae", "Maple Valley Parents for Academic Excellence", "community", "Parent advocacy",
        "3 5 resistant>neutral U", "sceptic", notes="Petition against replacing letter grades."),
    Org("rotary", "Maple Valley Rotary Club", "community", "Service club",
        "3 2 neutral>supportive PL", "mentoring, sponsorship"),
    Org("mvea", "Maple Valley Education Association", "educator", "Teachers' union",
        "4 5 neutral>supportive PLU", "visioning team",
        notes="Wants workload and grading changes bargained, not announced."),
    Org("lutheran", "First Lutheran Church", "faith", "Congregation",
        "3 3 supportive>supportive L"),
    Org("iglesia", "Iglesia Nueva Esperanza", "faith", "Congregation",
        "3 4 supportive>leading LU", "bilingual, family engagement"),
    Org("mosque", "Maple Valley Islamic Center", "faith", "Mosque",
        "3 3 neutral>supportive L", "bilingual, family engagement"),
    Org("stmary", "St. Mary's Catholic Church", "faith", "Parish", "3 2 neutral>neutral L"),
    Org("grace", "Grace Community Church", "faith", "Congregation", "2 2 resistant>neutral -"),
    Org("foundation", "Maple Valley Community Foundation", "philanthropy", "Community foundation",
        "4 4 supportive>leading PL", "sponsorship, Portrait of a Graduate"),
    Org("unitedway", "United Way of Maple Valley County", "philanthropy", "Philanthropy",
        "3 3 supportive>supportive PL", "family engagement"),
    Org("hoffmanfdn", "Hoffman Family Foundation", "philanthropy", "Family foundation",
        "4 2 unaware>supportive P", "sponsorship"),
    Org("gazette", "Maple Valley Gazette", "media", "Newspaper", "3 3 neutral>neutral PU"),
    Org("kmvr", "KMVR 94.5 FM", "media", "Radio", "3 2 resistant>neutral PU"),
    Org("somaliradio", "Codka Maple Valley Radio", "media", "Somali-language community radio",
        "2 3 neutral>supportive L", "bilingual"),
) + tuple(
    Org(f"pta{key}", f"{name} {'PTO' if key in ('LI', 'CP', 'CTC') else 'PTA'}", "parent",
        "Parent-teacher organisation", "2 5 supportive>leading LU", "PTA", key)
    for key, name in MV_SCHOOLS.items()
)

P = Person
MV_PEOPLE = (
    P("Renee Alvarez", "district_staff", "district", "Superintendent", "5 5 leading>leading PLU",
      "en es", tags="visioning team", notes="Launched the personalized learning vision."),
    P("Marcus Chen", "district_staff", "district", "Partnerships Coordinator",
      "3 5 leading>leading LU", tags="visioning team, internships"),
    P("Priya Natarajan", "district_staff", "district", "Communications Lead",
      "3 5 leading>leading LU", tags="visioning team"),
    P("Lucia Ramirez", "district_staff", "district", "Bilingual Family Liaison",
      "2 5 supportive>leading LU", "es en", "NW RS CP", "bilingual, family engagement",
      notes="Knows most Spanish-speaking families at Northwood, Riverside and Cedar Park."),
    P("Hodan Ali", "district_staff", "district", "Somali Family Liaison",
      "2 5 supportive>leading LU",
      "so en", "LI EM MVH", "bilingual, family engagement"),
    P("Gregory Walsh", "district_staff", "district",
      "Assistant Superintendent, Teaching & Learning",
      "4 5 supportive>leading PLU", tags="visioning team", history="neutral"),
    P("Denise Harper", "district_staff", "district", "Director of Career & Technical Education",
      "3 5 leading>leading LU", schools="CTC MVH", tags="CTE, internships, advisory board"),
    P("Alan Fischer", "district_staff", "district", "Chief Financial Officer",
      "4 3 neutral>supportive PL", notes="Worried about the cost of new reporting software."),
    P("Karen Lindstrom", "educator", "district", "Principal, Northwood Elementary",
      "3 4 supportive>leading PL", schools="NW", tags="visioning team"),
    P("David Okonkwo", "educator", "district", "Principal, Lincoln Elementary",
      "3 4 neutral>supportive PL", schools="LI", history="resistant"),
    P("Rosa Delgado", "educator", "district", "Principal, Riverside Elementary",
      "3 5 leading>leading PLU", "es en", "RS", "bilingual, visioning team"),
    P("Brian Meyer", "educator", "district", "Principal, Cedar Park Elementary",
      "3 3 resistant>neutral PL", schools="CP", tags="sceptic",
      notes="Sceptical of competency-based grading; says report cards confuse parents."),
    P("Angela Foster", "educator", "district", "Principal, Maple Valley Middle",
      "3 4 supportive>leading PL", schools="MVM"),
    P("Jamal Washington", "educator", "district", "Principal, Eastside Middle",
      "3 4 neutral>supportive PL", schools="EM"),
    P("Patrick Doyle", "educator", "district", "Principal, Maple Valley High School",
      "4 4 supportive>leading PLU", schools="MVH", history="resistant neutral"),
    P("Sharon Mills", "educator", "district", "Principal, Career & Technical Center",
      "3 5 leading>leading PL", schools="CTC", tags="CTE, internships"),
    P("Emily Tran", "educator", "district", "School Counselor, Maple Valley High School",
      "2 5 supportive>leading LU", "en vi", "MVH", "dual enrollment"),
    P("Fatima Warsame", "educator", "district", "School Counselor, Eastside Middle",
      "2 4 supportive>supportive LU", "so en", "EM", "bilingual"),
    P("Jorge Castillo", "educator", "district", "School Counselor, Career & Technical Center",
      "2 4 supportive>leading L", "es en", "CTC", "bilingual, internships"),
    P("Sarah Lindgren", "educator", "mvea", "President", "4 4 resistant>neutral PLU", schools="MVH",
      tags="sceptic", history="neutral", notes="Wants teacher workload addressed first."),
    P("Kevin Brandt", "educator", "district", "Robotics Coach and Physics Teacher, MVHS",
      "2 5 leading>leading L", schools="MVH", tags="STEM, mentoring"),
    P("Ana Sofia Medina", "educator", "district", "ESL Teacher, Riverside Elementary",
      "2 5 supportive>leading L", "es en", "RS", "bilingual"),
    P("Patricia Morgan", "elected", "", "", "5 3 neutral>supportive PLU",
      notes="State Senator (District 14); sits on the Senate Education Committee."),
    P("Daniel Kim", "elected", "", "", "4 4 supportive>leading PL",
      notes="State Representative (District 14B); former teacher."),
    P("Robert Lindqvist", "elected", "city", "Mayor", "4 3 supportive>supportive PL"),
    P("Janet Olson", "elected", "county", "County Commissioner", "4 2 unaware>neutral P"),
    P("Ahmed Farah", "elected", "county", "County Commissioner", "4 4 supportive>leading PL",
      "so en"),
    P("Grace Thompson", "elected", "district", "School Board Chair", "5 5 supportive>leading PLU",
      tags="visioning team"),
    P("Tom Becker", "elected", "district", "School Board Member", "4 4 neutral>supportive PLU",
      history="resistant"),
    P("Carlos Mendoza", "elected", "district", "School Board Member", "4 5 leading>leading PLU",
      "es en", tags="bilingual"),
    P("Deborah Williams", "elected", "district", "School Board Member",
      "4 3 neutral>supportive PL"),
    P("Steve Novak", "elected", "district", "School Board Member", "4 4 resistant>neutral PLU",
      tags="sceptic", history="neutral",
      notes="Ran on back-to-basics; fears competency-based grading lowers standards."),
    P("Dale Hoffman", "business", "mvpm", "Plant Manager", "4 4 supportive>leading PL",
      tags="advisory board, internships", history="neutral"),
    P("Angela Ruiz", "business", "mvpm", "Director of Human Resources", "3 4 supportive>leading PL",
      "es en", tags="internships, bilingual"),
    P("Kevin O'Brien", "business", "northstar", "Operations Director", "3 3 neutral>supportive P"),
    P("Sana Hussein", "business", "cedartech", "Founder and CEO", "3 4 leading>leading PL", "so en",
      tags="STEM, mentoring, bilingual"),
    P("Linda Park", "business", "mvcu", "President and CEO", "4 3 supportive>supportive PL",
      tags="financial literacy"),
    P("Michelle Carter", "business", "chamber", "President and CEO", "4 4 leading>leading PLU",
      tags="advisory board",
      notes="Connects employers with the district; hosts the advisory board."),
    P("Bill Hendricks", "business", "hendricks", "Owner", "3 2 resistant>neutral P", tags="sceptic",
      notes="Thinks schools should stick to basics; interested in a construction trades pathway."),
    P("Jason Miller", "business", "brightline", "Engineering Manager",
      "2 4 supportive>supportive L",
      tags="mentoring"),
    P("Tiffany Nguyen", "business", "valleyfresh", "HR Manager", "2 3 unaware>supportive -",
      "en vi"),
    P("Karen Whitfield", "higher_ed", "mvcc", "President", "5 4 supportive>leading PL"),
    P("James Okafor", "higher_ed", "mvcc", "Dean of Workforce Programs", "4 5 leading>leading PLU",
      tags="dual enrollment, advisory board"),
    P("Maria Gonzalez", "higher_ed", "mvcc", "Dual Enrollment Coordinator",
      "2 5 leading>leading LU",
      "es en", "MVH CTC", "dual enrollment, bilingual"),
    P("Alan Brooks", "higher_ed", "nsu", "Dean, College of Education", "4 4 supportive>leading PL",
      tags="teacher pipeline"),
    P("Rebecca Stein", "higher_ed", "nsu", "Director of Admissions", "3 3 neutral>supportive PL",
      notes="Asks how competency-based transcripts will read in admissions."),
    P("Mark Jensen", "health", "hospital", "Chief Executive Officer", "5 3 neutral>supportive PL"),
    P("Susan Patel", "health", "hospital", "Chief Nursing Officer", "3 4 supportive>leading PL",
      tags="health pathway, internships"),
    P("Luis Herrera", "health", "clinic", "Medical Director", "3 3 supportive>supportive L",
      "es en"),
    P("Nancy Cole", "health", "publichealth", "Director of Public Health",
      "3 3 neutral>supportive PL"),
    P("Jennifer Hale", "government", "workforce", "Executive Director", "4 4 supportive>leading PL",
      tags="advisory board, internships"),
    P("Heather Quinn", "government", "library", "Library Director", "2 4 supportive>supportive L"),
    P("Derek Simmons", "community", "bgc", "Executive Director", "2 4 supportive>leading L",
      tags="mentoring"),
    P("Erin Schultz", "community", "fourh", "County 4-H Program Coordinator",
      "2 3 neutral>supportive L", tags="STEM"),
    P("Paul Anderson", "community", "ymca", "Chief Executive Officer",
      "3 3 supportive>supportive PL"),
    P("Abdirahman Yusuf", "community", "somalicenter", "Executive Director",
      "3 4 neutral>supportive LU", "so en ar", history="unaware", tags="bilingual"),
    P("Gabriela Flores", "community", "lafamilia", "Director", "3 5 supportive>leading LU", "es en",
      tags="bilingual, family engagement"),
    P("Karen Wolfe", "community", "pae", "Organizer", "3 5 resistant>neutral U", tags="sceptic",
      history="neutral", notes="Runs a 1,200-member Facebook group critical of the changes."),
    P("Miguel Santos", "faith", "iglesia", "Pastor", "3 4 supportive>leading LU", "es en",
      tags="bilingual", notes="Trusted by many Spanish-speaking families; hosts Sunday forums."),
    P("Hassan Abdi", "faith", "mosque", "Imam", "3 3 neutral>supportive L", "so ar en"),
    P("John Eriksen", "faith", "lutheran", "Senior Pastor", "3 3 supportive>supportive L"),
    P("Michael Brennan", "faith", "stmary", "Pastor", "3 2 neutral>neutral L"),
    P("Ellen Sorensen", "philanthropy", "foundation", "Executive Director",
      "4 4 supportive>leading PL", tags="Portrait of a Graduate"),
    P("Margaret Hoffman", "philanthropy", "hoffmanfdn", "Trustee", "4 2 unaware>supportive P"),
    P("Rick Dawson", "media", "gazette", "Education Reporter", "3 3 neutral>neutral PU"),
    P("Tina Morales", "media", "kmvr", "Morning Show Host", "3 2 resistant>neutral PU", "es en",
      tags="sceptic", notes="Has aired callers calling the grading changes 'experimental'."),
    P("Jessica Larson", "parent", "ptaNW", "PTA President", "2 5 supportive>leading LU",
      schools="NW"),
    P("Amina Hassan", "parent", "ptaLI", "PTO President", "2 5 supportive>leading LU", "so en",
      "LI",
      "bilingual"),
    P("Carmen Vega", "parent", "ptaRS", "PTA President", "2 5 supportive>leading LU", "es en", "RS",
      "bilingual"),
    P("Heather Collins", "parent", "ptaCP", "PTO President", "2 5 resistant>neutral U",
      schools="CP",
      tags="sceptic", history="neutral", notes="Worried that 'no grades' means no rigour."),
    P("Rachel Goldberg", "parent", "ptaMVM", "PTA President", "2 4 supportive>supportive LU",
      schools="MVM"),
    P("Yolanda Perez", "parent", "ptaEM", "PTA President", "2 5 neutral>supportive LU", "es en",
      "EM",
      "bilingual", history="unaware"),
    P("Michael Brown", "parent", "ptaMVH", "PTSA President", "2 4 neutral>supportive LU",
      schools="MVH"),
    P("Lisa Nguyen", "parent", "ptaCTC", "PTO Chair", "2 4 supportive>supportive L", "en vi",
      "CTC"),
    P("Aaliyah Jackson", "student", "district", "Student Council President, MVHS",
      "2 5 leading>leading LU", schools="MVH", tags="student voice, visioning team"),
    P("Mateo Hernandez", "student", "district", "Student Representative, CTC",
      "1 5 supportive>leading LU", "es en", "CTC", "student voice, bilingual"),
    P("Ayan Mohamed", "student", "district", "Student Council Secretary, MVHS",
      "1 4 supportive>leading L", "so en", "MVH", "student voice, bilingual"),
    P("Ethan Larson", "student", "district", "Student Council Member, MVHS",
      "1 3 neutral>supportive L", schools="MVH", tags="student voice"),
)

MV_TIES = (
    ("Michelle Carter", "Marcus Chen", "partner", 3),
    ("Michelle Carter", "Renee Alvarez", "colleague", 2),
    ("Michelle Carter", "Robert Lindqvist", "friend", 2),
    ("Michelle Carter", "Jennifer Hale", "partner", 3),
    ("Marcus Chen", "James Okafor", "partner", 3),
    ("Marcus Chen", "Denise Harper", "colleague", 3),
    ("James Okafor", "Dale Hoffman", "partner", 2),
    ("James Okafor", "Susan Patel", "partner", 2),
    ("Dale Hoffman", "Margaret Hoffman", "family", 3),
    ("Dale Hoffman", "Kevin Brandt", "alumni", 1),
    ("Sana Hussein", "Ayan Mohamed", "mentor", 2),
    ("Kevin Brandt", "Aaliyah Jackson", "mentor", 2),
    ("Jessica Larson", "Ethan Larson", "family", 3),
    ("Renee Alvarez", "Grace Thompson", "colleague", 3),
    ("Renee Alvarez", "Priya Natarajan", "colleague", 3),
    ("Renee Alvarez", "Daniel Kim", "friend", 2),
    ("Grace Thompson", "Steve Novak", "colleague", 1),
    ("Steve Novak", "Karen Wolfe", "friend", 3),
    ("Steve Novak", "Tina Morales", "friend", 2),
    ("Karen Wolfe", "Heather Collins", "friend", 3),
    ("Priya Natarajan", "Rick Dawson", "other", 2),
    ("Ahmed Farah", "Abdirahman Yusuf", "friend", 3),
    ("Hodan Ali", "Abdirahman Yusuf", "partner", 3),
    ("Lucia Ramirez", "Gabriela Flores", "partner", 3),
    ("Lucia Ramirez", "Miguel Santos", "friend", 2),
    ("Carlos Mendoza", "Miguel Santos", "friend", 2),
    ("Linda Park", "Maple Valley Community Foundation", "board_member", 2),
    ("Dale Hoffman", "Maple Valley Area Workforce Board", "board_member", 2),
    ("Karen Whitfield", "Maple Valley Chamber of Commerce", "board_member", 2),
    ("Mark Jensen", "Maple Valley Community Foundation", "board_member", 2),
    ("Maple Valley Community College", "Maple Valley Precision Manufacturing", "partner", 3),
    ("Maple Valley Community College", "Maple Valley Regional Hospital", "partner", 3),
    ("Maple Valley Area Workforce Board", "Maple Valley Chamber of Commerce", "partner", 2),
    ("Maple Valley Community Foundation", "Boys & Girls Club of Maple Valley", "partner", 2),
    ("Hoffman Family Foundation", "Maple Valley Community Foundation", "partner", 2),
)

# Brokers reach across groups: (broker, selector "group=... language=... school=...", how many).
MV_BROKERS = (
    ("Lucia Ramirez", "group=parent language=Spanish", 22, "partner", 2),
    ("Lucia Ramirez", "group=educator school=NW,RS,CP", 10, "colleague", 2),
    ("Hodan Ali", "group=parent language=Somali", 15, "partner", 2),
    ("Hodan Ali", "group=educator school=LI,EM,MVH", 8, "colleague", 2),
    ("Michelle Carter", "group=business", 14, "partner", 2),
    ("Miguel Santos", "group=parent language=Spanish", 14, "friend", 2),
    ("Hassan Abdi", "group=parent language=Somali", 10, "friend", 2),
    ("John Eriksen", "group=parent language=English", 12, "friend", 2),
    ("Marcus Chen", "group=business", 8, "partner", 2),
    ("Gregory Walsh", "group=educator", 12, "colleague", 2),
)

MAPLE_VALLEY = DistrictSpec(
    name="Maple Valley School District", town="Maple Valley",
    cities=("Maple Valley", "Cedar Falls", "Riverton", "Oak Ridge", "Pine Hollow"),
    area_codes=("612", "763", "952", "651"), schools=MV_SCHOOLS, organisations=MV_ORGS,
    people=MV_PEOPLE, ties=MV_TIES, brokers=MV_BROKERS,
    generated={"parent": 96, "student": 24, "educator": 52, "district_staff": 8, "business": 16,
               "higher_ed": 5, "health": 6, "government": 3, "community": 8, "faith": 4,
               "philanthropy": 2, "other": 6},
    members=(("admin", "admin"), ("partnerships", "editor"), ("comms", "editor"),
             ("viewer", "viewer")),
    owners={"business": "partnerships", "higher_ed": "partnerships", "philanthropy": "partnerships",
            "government": "partnerships", "health": "partnerships", "parent": "comms",
            "student": "comms", "media": "comms", "community": "comms", "faith": "comms",
            "other": "comms", "elected": "admin", "district_staff": "admin", "educator": "admin"},
)

LAKESHORE = DistrictSpec(
    name="Lakeshore Unified", town="Lakeshore", cities=("Lakeshore", "Harbor Point", "Bayview"),
    area_codes=("218",),
    schools={"LE": "Lakeshore Elementary", "HV": "Harbor View Elementary",
             "LM": "Lakeshore Middle", "LH": "Lakeshore High School"},
    organisations=(
        Org("marine", "Lakeshore Marine Supply", "business", "Marine manufacturing",
            "4 3 supportive>leading PL", "internships, CTE", "LH"),
        Org("bayview", "Bayview Medical Center", "health", "Hospital", "4 3 neutral>supportive PL",
            "health pathway"),
        Org("lcc", "Lakeshore Community College", "higher_ed", "Community college",
            "4 4 supportive>leading PL", "dual enrollment", "LH"),
        Org("lchamber", "Lakeshore Area Chamber of Commerce", "business", "Business association",
            "3 4 supportive>leading PL", "advisory board"),
        Org("lgazette", "Lakeshore Ledger", "media", "Newspaper", "3 2 neutral>neutral PU"),
    ),
    people=(
        P("Dana Whitaker", "district_staff", "", "", "5 5 leading>leading PLU",
          notes="Superintendent of Lakeshore Unified."),
        P("Owen Price", "business", "marine", "General Manager", "4 3 supportive>leading PL"),
        P("Grace Lindahl", "higher_ed", "lcc", "Vice President of Instruction",
          "4 4 supportive>leading PL", tags="dual enrollment"),
        P("Rosa Jimenez", "parent", "", "", "2 5 supportive>leading LU", "es en", "LE",
          "PTA, bilingual"),
        P("Carl Dunn", "elected", "", "", "4 3 resistant>neutral PLU", tags="sceptic",
          notes="School board member."),
    ),
    ties=(("Dana Whitaker", "Grace Lindahl", "partner", 3),
          ("Owen Price", "Grace Lindahl", "partner", 2)),
    brokers=(("Rosa Jimenez", "group=parent language=Spanish", 4, "friend", 2),),
    generated={"parent": 12, "student": 4, "educator": 8, "business": 3, "community": 2,
               "faith": 1, "elected": 1},
    members=(("admin", "editor"),),
    owners={},
)

FIRST_EN = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Chris Karen Daniel Lisa Matthew Nancy Anthony "
    "Betty Mark Sandra Steven Ashley Paul Emily Andrew Donna Joshua Michelle Kevin Amanda Brian "
    "Melissa Tyler Rebecca Jacob Laura Nathan Megan Eric Hannah Ryan Rachel Aaron Olivia Noah "
    "Emma Liam Ava Mason Sophia Logan Chloe Lucas Grace Caleb Abigail Hunter Zoe Dylan Lily"
).split()
LAST_EN = (
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin "
    "Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill "
    "Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans "
    "Edwards Collins Stewart Morris Murphy Cook Rogers Peterson Olson Larson Johansson Nielsen "
    "Schmidt Schultz Becker Meyer Wagner Hoffman Koch Bauer Lindgren Swanson Erickson Hanson "
    "Gustafson Novak Kowalski Sullivan Kelly Ryan Walsh Brennan Murray Foster Bennett Reed Cole"
).split()
FIRST_ES = (
    "Jose Maria Juan Guadalupe Luis Rosa Carlos Ana Jorge Carmen Miguel Elena Javier Sofia "
    "Alejandro Isabel Fernando Lucia Ricardo Gabriela Diego Valeria Manuel Daniela Roberto "
    "Adriana Eduardo Mariana Sergio Veronica Mateo Camila Santiago Ximena Emilio Paola"
).split()
LAST_ES = (
    "Garcia Martinez Rodriguez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores "
    "Rivera Gomez Diaz Cruz Morales Reyes Gutierrez Ortiz Ramos Castillo Mendoza Vargas Romero "
    "Herrera Medina Aguilar Vega Castro Jimenez Ruiz Dominguez Salazar Delgado Rojas Navarro"
).split()
FIRST_SO = (
    "Abdi Amina Mohamed Fadumo Ahmed Hodan Hassan Halima Ali Sahra Abdullahi Ayan Omar Asha "
    "Yusuf Farhiya Ibrahim Hibo Mahad Nimo Abdirahman Khadra Mustafe Ifrah Bashir Deeqa "
    "Liban Sagal Hamza Ubah Khalid Idil"
).split()
LAST_SO = (
    "Ali Mohamed Hassan Ahmed Abdi Omar Yusuf Farah Warsame Osman Ibrahim Abdullahi Jama "
    "Hussein Aden Nur Egal Mohamud Dahir Isse Guled Hirsi Samatar Duale Elmi Barre Shire"
).split()
FIRST_VI = "Minh Linh Thanh Huong Tuan Mai Duc Lan Quang Thu Hieu Ngoc".split()
LAST_VI = "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do".split()
NAME_POOLS = {"en": (FIRST_EN, LAST_EN), "es": (FIRST_ES, LAST_ES), "so": (FIRST_SO, LAST_SO),
              "vi": (FIRST_VI, LAST_VI)}

# Ratings by group: influence weights (1-5), interest weights (1-5), current engagement
# weights (unaware, resistant, neutral, supportive, leading), and the chance of each
# salience attribute (power, legitimacy, urgency).
PROFILES = {
    "parent": ((3, 4, 2, .5, .2), (.2, .5, 2, 4, 3), (3, 1.5, 3, 3, 1), .05, .8, .4),
    "student": ((3, 3, 1.5, .3, 0), (.5, 1, 3, 3, 2), (3, .5, 3, 3, 1), 0, .7, .3),
    "educator": ((.5, 2, 4, 2, .5), (.3, 1, 2, 4, 3), (.5, 2, 3, 3, 1.5), .3, .9, .4),
    "district_staff": ((0, 1, 3, 3, 2), (0, 0, 1, 3, 5), (0, .3, 1, 4, 4), .6, 1, .6),
    "business": ((.5, 1.5, 3, 3, 1.5), (1, 2, 3, 2, 1), (2, 1, 3, 2.5, 1), .6, .5, .2),
    "higher_ed": ((0, 1, 3, 3, 1.5), (.5, 1, 2, 3, 2), (.5, .3, 2, 4, 2), .5, .8, .2),
    "elected": ((0, 0, 1, 3, 4), (1, 2, 3, 2, 1), (1, 2, 4, 2, 1), .9, .9, .3),
    "government": ((.5, 1.5, 3, 2, 1), (1, 2, 3, 2, .5), (2, .5, 3, 2, .5), .5, .8, .1),
    "community": ((1, 2, 3, 1.5, .5), (.5, 1, 2, 3, 2), (1, .5, 2, 3, 1.5), .2, .7, .3),
    "faith": ((.5, 2, 3, 1.5, .5), (1, 2, 3, 2, 1), (2, .7, 3, 2, 1), .2, .7, .2),
    "philanthropy": ((0, .5, 2, 3, 2), (.5, 1, 2, 3, 1.5), (1, .3, 2, 3, 1.5), .8, .6, .1),
    "media": ((0, 1, 2, 3, 1), (.5, 1, 3, 2, 1), (1, 1.5, 4, 1, .3), .6, .4, .5),
    "health": ((.5, 1, 3, 2, 1), (1, 2, 3, 2, 1), (1.5, .3, 3, 3, 1), .4, .7, .2),
    "other": ((2, 2, 2, 1, .5), (2, 2, 2, 1, .5), (3, 1, 3, 1, .3), .1, .3, .2),
}

# Languages spoken, as (codes, weight); the first code picks the name pool.
LANGUAGE_MIX = {
    "parent": (("en", 60), ("es en", 17), ("es", 8), ("so en", 9), ("so", 3), ("vi en", 3)),
    "student": (("en", 68), ("es en", 19), ("so en", 11), ("vi en", 2)),
    "educator": (("en", 86), ("es en", 9), ("so en", 3), ("vi en", 2)),
    "*": (("en", 88), ("es en", 7), ("so en", 4), ("vi en", 1)),
}

# Titles for generated people; {school} is filled in. Organisations of the group supply {org}.
TITLES = {
    "parent": ("PTA Volunteer", "PTA Treasurer", "PTA Secretary", "Room Parent", "Booster Club"),
    "student": ("Student Council Representative", "Class President", "Student Ambassador"),
    "educator": ("Teacher, {school}", "Special Education Teacher, {school}",
                 "Instructional Coach, {school}", "Math Teacher, {school}",
                 "ELL Teacher, {school}", "Librarian, {school}", "Assistant Principal, {school}"),
    "district_staff": ("Curriculum Coordinator", "Data and Assessment Manager",
                       "Family Engagement Specialist", "Director of Technology",
                       "Transportation Supervisor", "Human Resources Director"),
    "business": ("Owner", "Operations Manager", "Human Resources Manager", "Training Manager",
                 "Vice President", "Engineer", "Recruiter"),
    "higher_ed": ("Professor", "Program Director", "Admissions Counselor", "Outreach Coordinator"),
    "health": ("Nurse Manager", "Physician", "Community Health Worker", "Workforce Manager"),
    "government": ("Program Manager", "Case Manager", "Youth Services Coordinator"),
    "community": ("Program Director", "Volunteer Coordinator", "Board Member", "Youth Mentor"),
    "faith": ("Youth Pastor", "Deacon", "Outreach Coordinator"),
    "philanthropy": ("Program Officer", "Board Member"),
    "media": ("Reporter", "Producer"),
    "elected": ("City Council Member", "Township Supervisor"),
    "other": ("",),
}

GROUP_TAGS = {
    "parent": (("PTA", .25), ("family engagement", .1)),
    "student": (("student voice", .9),),
    "educator": (("STEM", .15), ("mentoring", .1), ("CTE", .08), ("Portrait of a Graduate", .05)),
    "district_staff": (("visioning team", .2), ("family engagement", .2)),
    "business": (("internships", .3), ("STEM", .2), ("advisory board", .15), ("mentoring", .15)),
    "higher_ed": (("dual enrollment", .5), ("teacher pipeline", .2)),
    "health": (("health pathway", .5), ("internships", .2)),
    "community": (("mentoring", .3), ("after-school", .3)),
    "faith": (("family engagement", .3),),
    "philanthropy": (("sponsorship", .5),),
}

NOTES = {
    "parent": ("Asked at the forum how colleges will read the new report cards.",
               "Volunteers weekly; knows many families at drop-off.",
               "Prefers evening meetings; works second shift.",
               "Concerned about screen time in personalized learning.",
               "Child is in the robotics club; excited about internships."),
    "student": ("Spoke at the board meeting about student voice.",
                "Interested in the CNA and welding pathways."),
    "educator": ("Piloting standards-based grading in one section.",
                 "Worried about workload during the transition.",
                 "Runs an after-school STEM club."),
    "business": ("Open to hosting job shadows in spring.", "Needs entry-level technicians.",
                 "Would sponsor a capstone showcase."),
    "*": ("Met at the community forum.", "Follow up about the advisory board.", ""),
}

CONTACT_PREFS = {
    "parent": (("text", 4), ("email", 3), ("phone", 2), ("in_person", 1)),
    "student": (("in_person", 6), ("email", 1)),
    "elected": (("email", 5), ("in_person", 3), ("phone", 2)),
    "*": (("email", 6), ("phone", 3), ("in_person", 2), ("", 1)),
}

ASSESSMENT_NOTES = ("Initial stakeholder mapping", "After the community forum",
                    "After a one-to-one meeting", "Focus group feedback",
                    "After the board work session", "Survey response")

# Random ties by pair of groups: (type, weight), and the default for any other pair.
PAIR_TYPES = {
    ("educator", "educator"): (("colleague", 8), ("friend", 1), ("mentor", 1)),
    ("district_staff", "district_staff"): (("colleague", 1),),
    ("district_staff", "educator"): (("colleague", 1),),
    ("educator", "student"): (("mentor", 1),),
    ("parent", "parent"): (("friend", 6), ("family", 1)),
    ("student", "student"): (("friend", 1),),
    ("educator", "parent"): (("other", 2), ("friend", 1)),
    ("parent", "student"): (("family", 1), ("friend", 1)),
    ("business", "business"): (("colleague", 2), ("partner", 2), ("friend", 1)),
    ("business", "higher_ed"): (("partner", 3), ("alumni", 1)),
    ("business", "student"): (("mentor", 1),),
    ("*", "*"): (("friend", 4), ("colleague", 2), ("partner", 2), ("alumni", 1), ("other", 1)),
}

# The benchmark district: group shares of people, organisations per stakeholder, names.
GROUP_MIX = (("parent", 36), ("student", 10), ("educator", 16), ("district_staff", 3),
             ("business", 8), ("higher_ed", 3), ("elected", .5), ("government", 2),
             ("community", 6), ("faith", 3), ("philanthropy", 1), ("media", 1), ("health", 4),
             ("other", 4))
ORG_SHARE = 0.06
ORG_PATTERNS = {
    "business": ("{last} Manufacturing", "{town} Logistics", "{last} & Sons Construction",
                 "{town} Family Dental", "{last} Software", "{town} Savings Bank",
                 "{last} Auto Repair", "{town} Foods"),
    "higher_ed": ("{town} Community College", "{town} Technical Institute"),
    "government": ("{town} Parks and Recreation", "{town} Public Library"),
    "community": ("{town} Youth Soccer Club", "{town} Lions Club", "{town} Food Shelf"),
    "faith": ("{town} First Baptist Church", "St. {first}'s Parish", "{town} Islamic Center"),
    "philanthropy": ("{last} Family Foundation", "{town} Community Fund"),
    "media": ("{town} Herald", "K{letters} Radio"),
    "health": ("{town} Medical Clinic", "{town} Family Health Center"),
}
TOWNS = ("Maple Grove", "Cedar Falls", "Riverton", "Oak Ridge", "Pine Hollow", "Fairview",
         "Lakeside", "Brookfield", "Millbrook", "Elm Creek", "Spring Valley", "Hillcrest",
         "Westfield", "Northfield", "Granite Falls", "Stony Brook")
SCHOOL_WORDS = ("Northwood", "Lincoln", "Riverside", "Cedar Park", "Washington", "Jefferson",
                "Oak Hill", "Prairie View", "Lakeview", "Hillcrest", "Meadowbrook", "Sunset",
                "Pine Grove", "Roosevelt", "Franklin", "Westwood", "Eastview", "Willow Creek",
                "Sandburg", "Kennedy", "Madison", "Aspen", "Birchwood", "Highland")
SCHOOL_LEVELS = ("Elementary", "Elementary", "Elementary", "Middle", "High School")
ORG_MIX = (("business", 45), ("community", 15), ("faith", 10), ("health", 8), ("government", 8),
           ("higher_ed", 3), ("philanthropy", 5), ("media", 3))
SECTORS = {"business": ("Manufacturing", "Logistics", "Construction", "Health care services",
                        "Software", "Financial services", "Automotive", "Food processing"),
           "community": ("Youth development", "Service club", "Food security"),
           "faith": ("Congregation",), "health": ("Clinic",), "government": ("Local government",),
           "higher_ed": ("Higher education",), "philanthropy": ("Philanthropy",),
           "media": ("News media",)}


# Who sits at Maple Valley's decision-making table. Parents, students, faith groups and
# media have no seat yet: the coverage page shows those gaps and who could reach them.
SEATS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Maple Valley School District": (
        ("Renee Alvarez", "visioning_team", "Chair"),
        ("Denise Harper", "visioning_team", "Member"),
        ("Karen Lindstrom", "visioning_team", "Member"),
        ("Sarah Lindgren", "visioning_team", "Member"),
        ("Grace Thompson", "visioning_team", "Member"),
        ("Marcus Chen", "advisory_board", "Coordinator"),
        ("Dale Hoffman", "advisory_board", "Chair"),
        ("Michelle Carter", "advisory_board", "Member"),
        ("James Okafor", "advisory_board", "Member"),
        ("Linda Park", "advisory_board", "Member"),
    ),
}
