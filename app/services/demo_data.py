"""Raw tables for the demo organization; ``app.services.demo`` turns them into rows.

Pairs are written (French, English); a candidate uses the side of their own language.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from app.models import LanguageLevel, OfficerRole, RoleKind, RoleStatus, WorkMode

L = LanguageLevel

# --- the organization and its logins -------------------------------------------

ORG_SLUG = "entraide-mtl"
ORG_NAME = "Entraide Montréal"
ORG_DESCRIPTION_FR = (
    "Entraide Montréal est un organisme de bienfaisance qui lutte contre l'insécurité "
    "alimentaire dans l'est de Montréal. Chaque semaine, nos bénévoles préparent des paniers "
    "d'épicerie, livrent des repas aux aînés et accueillent les familles à notre comptoir "
    "alimentaire. Nous offrons aussi des cuisines collectives et de l'accompagnement vers les "
    "ressources du quartier."
)
ORG_DESCRIPTION_EN = (
    "Entraide Montréal is a charity fighting food insecurity in east-end Montréal. Every week "
    "our volunteers pack grocery baskets, deliver meals to seniors and welcome families at our "
    "food counter. We also run community kitchens and help people find their way to the "
    "neighbourhood's other services."
)
# Keyword arguments of create_organization.
ORG_FIELDS = {
    "description_fr": ORG_DESCRIPTION_FR,
    "description_en": ORG_DESCRIPTION_EN,
    "city": "Montréal",
    "region": "Québec",
}

# (label for printing, e-mail, full name, membership role value, locale)
LOGINS: tuple[tuple[str, str, str, str, str], ...] = (
    ("admin", "admin@entraide.example", "Élise Tremblay-Côté", "admin", "fr"),
    ("recruiter", "recrutement@entraide.example", "Marc-André O'Neil", "recruiter", "fr"),
    ("board chair", "presidence@entraide.example", "Françoise D'Amours", "board_chair", "fr"),
    ("candidate", "candidat@entraide.example", "Zoë Lefèbvre-St-Pierre", "candidate", "en"),
)

# The demo candidate's own profile (she writes in English).
DEMO_CANDIDATE: dict[str, Any] = {
    "city": "Montréal",
    "region": "Québec",
    "country": "CA",
    "phone": "514-555-0142",
    "headline": "Community kitchen cook | food security volunteer",
    "summary": (
        "I cook for a community kitchen in Hochelaga and volunteer at food drives on weekends. "
        "I'd like to give more evenings to food security in my neighbourhood."
    ),
    "interested_volunteer": True,
    "interested_staff": True,
    "hours_per_week": 8,
    "schedule": ["evenings", "weekends"],
    "work_mode": WorkMode.IN_PERSON,
}
# (title, company, years ago it started, years ago it ended or None if current)
DEMO_CANDIDATE_POSITIONS = (
    ("Kitchen assistant", "Restaurant Chez Ginette", 5, 2),
    ("Cook", "Cuisine collective Hochelaga", 2, None),
)
DEMO_CANDIDATE_SKILLS = ("food safety", "community kitchen", "customer service", "teamwork")
DEMO_CANDIDATE_LANGUAGES = (("en", L.NATIVE_OR_BILINGUAL), ("fr", L.FULL_PROFESSIONAL))
DEMO_CANDIDATE_CAUSES = ("food security", "environment")

# --- people --------------------------------------------------------------------

FR_FIRST_NAMES = (
    "Mélanie", "Jérôme", "Ève", "Zoé", "Anaïs", "Maëlle", "Noémie", "Léa", "François",
    "Hélène", "Stéphane", "Benoît", "Gaétan", "Réjean", "Josée", "Chantal", "Mamadou", "Fatou",
    "Nadia", "Karim", "Wideline", "Jean-Baptiste", "Marie-Claude", "Louis-Philippe", "Élodie",
    "Frédérique", "Thérèse", "Raphaël", "Anne-Sophie", "Mathéo", "Émile", "Océane", "Yannick",
    "Ginette", "Rosemarie", "Samir", "Kim-Ly", "Félix-Antoine", "Gisèle", "Jacynthe",
)  # fmt: skip
FR_LAST_NAMES = (
    "Tremblay", "Gagnon", "Côté", "Bouchard", "Gauthier", "Saint-Onge", "de la Fontaine",
    "Beaulieu-Ouellet", "D'Anjou", "Lévesque", "Bélanger", "Pelletier", "Nguyễn", "Joseph",
    "Dorval", "Haddad", "Benali", "L'Heureux", "Dupré", "Lachance-Thériault", "Ouellette",
    "Desrosiers", "Boisvert", "Ménard", "Saint-Pierre", "Bérubé", "Paré", "Trần", "Diallo",
    "Jean-Louis", "Lafrenière", "Du Sault", "Gélinas", "Leblanc-Giguère", "Pierre-Louis",
    "Désilets", "Vaillancourt", "Laurendeau", "Deschênes", "Charbonneau",
)  # fmt: skip
EN_FIRST_NAMES = (
    "Sarah", "Michael", "Emily", "Liam", "Olivia", "Priya", "Aaron", "Chloe", "Siobhan",
    "Guðrún", "Jasmine", "Omar", "Wei", "Malik", "Hannah", "Connor", "Rachel", "Ethan", "Aisha",
    "Samuel", "Noor", "Daniel", "Fiona", "Zoë", "Tomás", "Björn", "Grace", "Kwame", "Mei-Ling",
    "Declan", "Rebecca", "Jamal", "Leah", "Nathaniel", "Ingrid", "Ravi", "Maya", "Owen",
    "Shannon", "Esther",
)  # fmt: skip
EN_LAST_NAMES = (
    "O'Brien", "MacDonald", "Smith", "Campbell", "Patel", "Cohen", "Goldberg", "Kowalski",
    "Fitzgerald", "McKenna", "van der Berg", "Sigurðardóttir", "da Silva", "Williams-Grant",
    "O'Connor", "Chen", "Stewart", "Rosenberg", "Li", "Singh", "Abdi", "Murphy", "Nakamura",
    "Okafor", "Fraser", "Kaur", "Levy", "Thompson", "MacLeod", "Ahmed", "Rodríguez", "Park",
    "Morrison", "Johansson", "D'Souza", "St. Clair", "Greenberg", "Ferreira", "Mensah", "Hughes",
)  # fmt: skip

NAMES = ((FR_FIRST_NAMES, FR_LAST_NAMES), (EN_FIRST_NAMES, EN_LAST_NAMES))

# (city, province, weight): most live on the island, some across Québec, a few in Ottawa.
CITIES = (
    ("Montréal", "Québec", 40), ("Laval", "Québec", 8), ("Longueuil", "Québec", 7),
    ("Brossard", "Québec", 3), ("Terrebonne", "Québec", 2), ("Pointe-Claire", "Québec", 3),
    ("Westmount", "Québec", 2), ("Côte-Saint-Luc", "Québec", 2), ("Québec", "Québec", 6),
    ("Lévis", "Québec", 2), ("Gatineau", "Québec", 4), ("Sherbrooke", "Québec", 4),
    ("Trois-Rivières", "Québec", 3), ("Saguenay", "Québec", 2), ("Rimouski", "Québec", 2),
    ("Drummondville", "Québec", 2), ("Saint-Jérôme", "Québec", 2), ("Granby", "Québec", 1),
    ("Ottawa", "Ontario", 2),
)  # fmt: skip

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")


class Archetype(NamedTuple):
    """A kind of person: what they do, know and are likely to want."""

    title: tuple[str, str]  # headline
    jobs: tuple[tuple[str, str], ...]  # position titles, most senior first
    skills: tuple[tuple[str, str], ...]
    field: tuple[str, str]  # field of study and of experience
    interest: tuple[float, float, float]  # chance of volunteer, staff, board interest
    cert: tuple[str, str, str] | None  # (French name, English name, authority)
    years: tuple[int, int] = (2, 25)  # range of years of experience


ARCHETYPES = (
    Archetype(
        ("Comptable CPA", "CPA accountant"),
        (("Contrôleur·euse", "Controller"), ("Comptable", "Accountant"),
         ("Analyste en finances", "Financial analyst")),
        (("comptabilité", "accounting"), ("Excel", "Excel"), ("audit", "audit"),
         ("fiscalité", "taxation"), ("planification budgétaire", "budgeting"),
         ("gouvernance", "governance"), ("paie", "payroll"), ("Sage 50", "Sage 50")),
        ("comptabilité", "accounting"), (0.4, 0.4, 0.7), ("CPA", "CPA", "Ordre des CPA du Québec"),
    ),
    Archetype(
        ("Responsable de l'action bénévole", "Volunteer coordinator"),
        (("Responsable de l'action bénévole", "Volunteer coordinator"),
         ("Chargé·e de projets", "Project officer"),
         ("Intervenant·e communautaire", "Community worker")),
        (("gestion de bénévoles", "volunteer management"),
         ("planification d'événements", "event planning"), ("communications", "communications"),
         ("formation", "training"), ("Excel", "Excel"),
         ("mobilisation citoyenne", "community organizing"), ("médiation", "conflict resolution")),
        ("travail social", "social work"), (0.7, 0.8, 0.3), None,
    ),
    Archetype(
        ("Spécialiste en collecte de fonds", "Fundraising professional"),
        (("Responsable des dons majeurs", "Major gifts officer"),
         ("Conseiller·ère en philanthropie", "Development officer"),
         ("Coordination d'événements-bénéfice", "Events coordinator")),
        (("collecte de fonds", "fundraising"), ("relations avec les donateurs", "donor relations"),
         ("rédaction de demandes de subvention", "grant writing"),
         ("CRM (Salesforce)", "CRM (Salesforce)"), ("communications", "communications"),
         ("marketing", "marketing")),
        ("communication", "communications"), (0.5, 0.7, 0.6),
        ("CFRE", "CFRE", "CFRE International"),
    ),
    Archetype(
        ("Livraison et logistique", "Logistics and delivery"),
        (("Répartiteur·rice", "Dispatcher"), ("Chauffeur·euse-livreur·euse", "Delivery driver"),
         ("Magasinier·ère", "Warehouse clerk")),
        (("logistique", "logistics"), ("permis de conduire classe 5", "class 5 driver's licence"),
         ("gestion d'entrepôt", "warehouse management"), ("chariot élévateur", "forklift"),
         ("service à la clientèle", "customer service"),
         ("gestion des stocks", "inventory management")),
        ("logistique", "logistics"), (0.8, 0.5, 0.05), None,
    ),
    Archetype(
        ("Cuisinier·ère", "Cook"),
        (("Chef de cuisine", "Head chef"), ("Cuisinier·ère", "Cook"),
         ("Aide-cuisinier·ère", "Kitchen assistant")),
        (("salubrité alimentaire", "food safety"), ("cuisine collective", "community kitchen"),
         ("gestion des stocks", "inventory management"), ("travail d'équipe", "teamwork"),
         ("réduction du gaspillage alimentaire", "food waste reduction")),
        ("cuisine", "culinary arts"), (0.8, 0.5, 0.1),
        ("Hygiène et salubrité alimentaires", "Food handler certificate", "MAPAQ"),
    ),
    Archetype(
        ("Graphiste et communications", "Graphic designer"),
        (("Conseiller·ère en communication", "Communications advisor"),
         ("Gestionnaire de communauté", "Social media manager"), ("Graphiste", "Graphic designer")),
        (("design graphique", "graphic design"), ("médias sociaux", "social media"),
         ("Canva", "Canva"), ("communications", "communications"), ("rédaction", "copywriting"),
         ("Adobe InDesign", "Adobe InDesign"), ("marketing", "marketing")),
        ("design graphique", "graphic design"), (0.6, 0.5, 0.3), None,
    ),
    Archetype(
        ("Aux études en travail social", "Social work student"),
        (("Préposé·e à l'accueil", "Receptionist"),
         ("Animateur·rice de camp de jour", "Day camp counsellor"), ("Caissier·ère", "Cashier")),
        (("accueil", "reception"), ("service à la clientèle", "customer service"),
         ("écoute active", "active listening"), ("travail d'équipe", "teamwork"),
         ("relation d'aide", "counselling"), ("médias sociaux", "social media")),
        ("travail social", "social work"), (0.9, 0.4, 0.05), None, (1, 4),
    ),
    Archetype(
        ("Enseignant·e à la retraite", "Retired teacher"),
        (("Direction adjointe d'école", "Vice-principal"),
         ("Conseiller·ère pédagogique", "Education consultant"),
         ("Enseignant·e au primaire", "Elementary school teacher")),
        (("éducation", "education"), ("animation", "facilitation"), ("accueil", "reception"),
         ("formation", "training"), ("écoute active", "active listening"),
         ("francisation", "French as a second language")),
        ("éducation", "education"), (0.9, 0.1, 0.4), None, (25, 40),
    ),
    Archetype(
        ("Avocat·e", "Lawyer"),
        (("Avocat·e", "Lawyer"), ("Juriste", "Legal counsel"),
         ("Stagiaire en droit", "Articling student")),
        (("droit des OBNL", "nonprofit law"), ("gouvernance", "governance"),
         ("contrats", "contracts"), ("gestion des risques", "risk management"),
         ("conformité", "compliance"), ("rédaction juridique", "legal writing")),
        ("droit", "law"), (0.3, 0.1, 0.9),
        ("Membre du Barreau du Québec", "Member of the Barreau du Québec", "Barreau du Québec"),
    ),
    Archetype(
        ("Analyste en informatique", "IT analyst"),
        (("Analyste en informatique", "IT analyst"), ("Développeur·euse web", "Web developer"),
         ("Technicien·ne en soutien informatique", "IT support technician")),
        (("cybersécurité", "cybersecurity"), ("bases de données", "databases"), ("Excel", "Excel"),
         ("analyse de données", "data analysis"), ("soutien technique", "technical support"),
         ("Python", "Python")),
        ("informatique", "computer science"), (0.5, 0.4, 0.5), None,
    ),
    Archetype(
        ("Conseiller·ère en ressources humaines", "HR advisor"),
        (("Conseiller·ère en ressources humaines", "HR advisor"), ("Recruteur·euse", "Recruiter"),
         ("Technicien·ne en paie", "Payroll technician")),
        (("recrutement", "recruiting"), ("relations de travail", "labour relations"),
         ("gestion de bénévoles", "volunteer management"), ("formation", "training"),
         ("paie", "payroll"), ("gouvernance", "governance")),
        ("relations industrielles", "industrial relations"), (0.5, 0.5, 0.6),
        ("CRHA", "CHRP (CRHA)", "Ordre des CRHA"),
    ),
    Archetype(
        ("Gestionnaire d'OBNL", "Nonprofit manager"),
        (("Direction générale", "Executive director"), ("Direction des programmes",
         "Program director"), ("Chargé·e de projets", "Project manager")),
        (("gestion d'équipe", "team management"),
         ("planification stratégique", "strategic planning"), ("gouvernance", "governance"),
         ("collecte de fonds", "fundraising"), ("gestion de bénévoles", "volunteer management"),
         ("reddition de comptes", "grant reporting")),
        ("administration des affaires", "business administration"), (0.4, 0.6, 0.8), None,
    ),
    Archetype(
        ("Service à la clientèle", "Customer service representative"),
        (("Chef d'équipe en magasin", "Store team lead"),
         ("Commis d'épicerie", "Grocery clerk"), ("Caissier·ère", "Cashier")),
        (("service à la clientèle", "customer service"), ("accueil", "reception"),
         ("caisse", "cash handling"), ("travail d'équipe", "teamwork"),
         ("manutention", "material handling"), ("bilinguisme", "bilingualism")),
        ("vente-conseil", "retail"), (0.8, 0.6, 0.05), None,
    ),
)  # fmt: skip

# Skills anyone might list, on top of their archetype's.
COMMON_SKILLS = (
    ("communications", "communications"), ("Excel", "Excel"), ("travail d'équipe", "teamwork"),
    ("logistique", "logistics"), ("salubrité alimentaire", "food safety"),
    ("collecte de fonds", "fundraising"), ("gestion de bénévoles", "volunteer management"),
)  # fmt: skip

HEADLINES = (
    ("{title}", "{title}"),
    ("{title} | {cause}", "{title} | {cause}"),
    ("{title} à {city}", "{title} in {city}"),
)
SUMMARIES = (
    (
        "{years} ans d'expérience en {field}. J'aimerais mettre ce bagage au service d'un "
        "organisme communautaire ({cause}).",
        "{years} years of experience in {field}. I'd like to put it to work for a community "
        "organization ({cause}).",
    ),
    (
        "Je cherche à m'impliquer dans ma communauté à {city}. Cause qui me tient à cœur : "
        "{cause}.",
        "I'm looking to get involved in my community in {city}. The cause closest to my heart: "
        "{cause}.",
    ),
    (
        "Parcours en {field}. J'aime le travail d'équipe et je suis disponible pour donner un "
        "coup de main.",
        "Background in {field}. I enjoy teamwork and I'm happy to lend a hand.",
    ),
)

COMPANIES = (
    "Groupe Boréal inc.", "Épicerie Marché Frais", "Cabinet Lavoie Pelletier CPA", "Studio Cerise",
    "Transports Laurentides", "Ville de Laval", "Northwind Consulting", "Maple & Co. Logistics",
    "Restaurant Chez Ginette", "TechnoSolutions QC", "Fondation Horizon Jeunesse",
    "Coop de solidarité Le Panier", "Centre de services scolaire du Fleuve", "Banque du Quartier",
)  # fmt: skip
SCHOOLS = (
    "Université de Montréal", "UQAM", "Université Laval", "Université de Sherbrooke",
    "McGill University", "Concordia University", "HEC Montréal", "Cégep du Vieux Montréal",
    "Dawson College", "Cégep de Sainte-Foy", "UQTR", "Université du Québec à Chicoutimi",
    "Bishop's University", "Collège Ahuntsic", "Vanier College",
)  # fmt: skip
DEGREES = (
    ("Baccalauréat", "Bachelor's degree"), ("DEC", "DEC (college diploma)"),
    ("Maîtrise", "Master's degree"), ("Certificat", "Certificate"), ("AEC", "AEC"),
)  # fmt: skip

CAUSES = (
    ("sécurité alimentaire", "food security"), ("santé mentale", "mental health"),
    ("itinérance", "homelessness"), ("environnement", "environment"), ("éducation", "education"),
    ("intégration des personnes immigrantes", "newcomer integration"),
    ("lutte contre la pauvreté", "poverty reduction"), ("aînés", "seniors"), ("jeunesse", "youth"),
)  # fmt: skip
# The mission's cause comes up most, as it would among this organization's applicants.
CAUSE_WEIGHTS = (6, 2, 2, 2, 2, 1, 3, 1, 1)

# (organization, index into CAUSES)
VOLUNTEER_ORGS = (
    ("Frigo partagé Villeray", 0), ("Cuisine collective Hochelaga", 0),
    ("Popote roulante Ahuntsic", 7), ("Maison des jeunes de Verdun", 8),
    ("Refuge du Vieux-Port", 2), ("West Island Food Hub", 0),
    ("Jardin communautaire de Sherbrooke", 3), ("Centre d'entraide de Limoilou", 6),
    ("Accueil nouveaux arrivants Gatineau", 5), ("Ligne d'écoute Le Phare", 1),
    ("Club des devoirs Saint-Michel", 4),
)  # fmt: skip
VOLUNTEER_ROLES = (
    ("Bénévole à la distribution", "Distribution volunteer"),
    ("Aide aux devoirs", "Homework helper"),
    ("Écoutant·e bénévole", "Listening line volunteer"),
    ("Bénévole en cuisine", "Kitchen volunteer"),
    ("Chauffeur·euse bénévole", "Volunteer driver"),
    ("Membre du comité des événements", "Events committee member"),
)  # fmt: skip

BOARD_ORGS = (
    "CPE Les Lucioles", "Association des locataires de Rosemont", "Coop d'habitation Le Fleuve",
    "West End Community Association", "Théâtre de quartier La Bobine",
    "Corporation de développement communautaire de Laval", "Club de soccer FC Anjou",
)  # fmt: skip
# Values of BoardService.role; plain membership is the most common.
BOARD_SERVICE_ROLES = ("member", "member", "member", "chair", "treasurer", "secretary")
COMMITTEES = (
    ("", ""), ("Audit et finances", "Audit and finance"), ("Gouvernance", "Governance"),
    ("Collecte de fonds", "Fundraising"), ("Ressources humaines", "Human resources"),
)  # fmt: skip
FIRST_AID = (("Secourisme en milieu de travail", "CNESST"), ("Standard First Aid", "Red Cross"))

# Other languages, by how often they come up in Montréal.
OTHER_LANGUAGES = (("es", 5), ("ar", 4), ("ht", 3), ("vi", 2), ("zh", 2), ("pt", 1), ("fa", 1))
SECOND_LANGUAGE_LEVELS = (
    L.ELEMENTARY, L.LIMITED_WORKING, L.PROFESSIONAL_WORKING, L.FULL_PROFESSIONAL,
    L.NATIVE_OR_BILINGUAL,
)  # fmt: skip
# Heritage languages are often spoken natively; the level is sometimes left blank.
OTHER_LANGUAGE_LEVELS = (L.NATIVE_OR_BILINGUAL, L.NATIVE_OR_BILINGUAL, L.PROFESSIONAL_WORKING, None)
SCHEDULES = ("weekdays", "evenings", "weekends")

# --- roles ---------------------------------------------------------------------

_MTL = {"city": "Montréal", "region": "Québec", "company": ORG_NAME}

ROLES: tuple[dict[str, Any], ...] = (
    {
        **_MTL, "title": "Bénévole au comptoir alimentaire", "kind": RoleKind.VOLUNTEER,
        "type": "Bénévolat", "location": "Hochelaga-Maisonneuve", "work_mode": WorkMode.IN_PERSON,
        "hours_per_week": 4, "schedule": ["weekdays", "weekends"], "cause": "sécurité alimentaire",
        "description": (
            "Accueillez les familles à notre comptoir alimentaire et aidez-les à choisir leurs "
            "denrées. Un quart de quatre heures par semaine, en équipe avec d'autres bénévoles."
        ),
        "responsibilities": [
            "Trier et ranger les denrées reçues", "Servir les familles au comptoir",
            "Veiller à la propreté et à la salubrité des lieux",
        ],
        "qualifications": ["Aimer le contact humain", "Pouvoir soulever des caisses de 15 kg"],
        "skills": (("service à la clientèle", True), ("salubrité alimentaire", False),
                   ("travail d'équipe", True), ("manutention", False)),
        "languages": (("fr", L.PROFESSIONAL_WORKING, True), ("en", L.LIMITED_WORKING, False)),
    },
    {
        **_MTL, "title": "Volunteer driver – food deliveries",
        "kind": RoleKind.VOLUNTEER,
        "type": "Volunteer", "location": "East-end Montréal", "work_mode": WorkMode.IN_PERSON,
        "hours_per_week": 4, "schedule": ["weekdays"], "cause": "food security",
        "description": (
            "Drive our van to deliver grocery baskets and hot meals to seniors who can't come to "
            "us. Routes take about three hours on weekday mornings."
        ),
        "responsibilities": [
            "Load the van at the warehouse", "Deliver baskets along a planned route",
            "Let the coordinator know about anyone who needs a follow-up call",
        ],
        "qualifications": ["Valid class 5 driver's licence", "A clean driving record"],
        "skills": (("class 5 driver's licence", True), ("logistics", False),
                   ("customer service", False)),
        "languages": (("en", L.PROFESSIONAL_WORKING, True), ("fr", L.LIMITED_WORKING, False)),
    },
    {
        **_MTL, "title": "Bénévole à l'accueil", "kind": RoleKind.VOLUNTEER, "type": "Bénévolat",
        "location": "Hochelaga-Maisonneuve", "work_mode": WorkMode.IN_PERSON, "hours_per_week": 6,
        "schedule": ["weekdays", "evenings"], "cause": "sécurité alimentaire",
        "description": (
            "Soyez le premier visage que voient nos visiteurs : accueil, inscription et "
            "orientation vers nos services et ceux du quartier. Le poste demande de parler "
            "français et anglais."
        ),
        "responsibilities": [
            "Accueillir et inscrire les visiteurs", "Répondre au téléphone",
            "Orienter les personnes vers les bonnes ressources",
        ],
        "qualifications": ["Bilinguisme français-anglais", "Écoute et discrétion"],
        "skills": (("accueil", True), ("écoute active", False), ("Excel", False)),
        "languages": (("fr", L.FULL_PROFESSIONAL, True), ("en", L.PROFESSIONAL_WORKING, True)),
    },
    {
        **_MTL, "title": "Coordonnateur·rice des bénévoles", "kind": RoleKind.STAFF,
        # A paid post: the team reviews it blind until the shortlist.
        "blind_review": True,
        "type": "Temps plein", "location": "Hochelaga-Maisonneuve", "work_mode": WorkMode.HYBRID,
        "hours_per_week": 35, "schedule": ["weekdays"], "cause": "sécurité alimentaire",
        "min_years_experience": 3,
        "description": (
            "Recrutez, formez et fidélisez nos 250 bénévoles. Vous planifiez les horaires du "
            "comptoir et des livraisons et vous êtes leur personne-ressource au quotidien."
        ),
        "responsibilities": [
            "Recruter et former les nouveaux bénévoles", "Planifier les horaires",
            "Organiser la soirée de reconnaissance annuelle",
        ],
        "qualifications": [
            "Trois ans d'expérience en gestion de bénévoles", "Maîtrise d'Excel",
            "Français et anglais parlés",
        ],
        "skills": (("gestion de bénévoles", True), ("planification d'événements", False),
                   ("communications", False), ("Excel", True), ("formation", False)),
        "languages": (("fr", L.NATIVE_OR_BILINGUAL, True), ("en", L.PROFESSIONAL_WORKING, True)),
    },
    {
        **_MTL, "title": "Development officer (fundraising)", "kind": RoleKind.STAFF,
        "type": "Full-time", "location": "Montréal (hybrid)", "work_mode": WorkMode.HYBRID,
        "hours_per_week": 35, "schedule": ["weekdays"], "cause": "food security",
        "min_years_experience": 2,
        "description": (
            "Grow the individual and corporate giving that funds our food programs. You will "
            "run our two annual campaigns and write grant applications to foundations."
        ),
        "responsibilities": [
            "Plan and run the fall and spring campaigns", "Steward donors and sponsors",
            "Write grant applications and reports",
        ],
        "qualifications": ["Two years in fundraising", "Strong writing in English and French"],
        "skills": (("fundraising", True), ("donor relations", True), ("grant writing", False),
                   ("CRM (Salesforce)", False), ("communications", False)),
        "languages": (("en", L.FULL_PROFESSIONAL, True), ("fr", L.PROFESSIONAL_WORKING, True)),
    },
    {
        **_MTL, "title": "Comptable à temps partiel", "kind": RoleKind.STAFF,
        "status": RoleStatus.PAUSED, "type": "Temps partiel", "location": "Montréal",
        "work_mode": WorkMode.HYBRID, "hours_per_week": 15, "schedule": ["weekdays"],
        "cause": "sécurité alimentaire", "min_years_experience": 3,
        "description": (
            "Tenez nos livres, préparez la paie et les rapports mensuels au conseil. Le poste "
            "est en pause le temps de revoir le budget."
        ),
        "responsibilities": [
            "Tenue de livres et conciliations bancaires", "Paie de six employé·e·s",
            "Préparation des états financiers mensuels",
        ],
        "qualifications": ["DEC ou baccalauréat en comptabilité", "Connaissance de Sage 50"],
        "skills": (("comptabilité", True), ("Excel", True), ("paie", False), ("Sage 50", False)),
        "languages": (("fr", L.PROFESSIONAL_WORKING, True),),
    },
    {
        **_MTL, "title": "Trésorier·ère du conseil d'administration", "kind": RoleKind.BOARD,
        "type": "Conseil d'administration", "location": "Montréal",
        "work_mode": WorkMode.HYBRID, "hours_per_week": 3, "schedule": ["evenings"],
        "cause": "sécurité alimentaire", "min_years_experience": 5,
        "description": (
            "Notre trésorier termine son dernier mandat à l'assemblée générale de juin. Nous "
            "cherchons une personne qui présidera le comité d'audit et finances et veillera à la "
            "santé financière de l'organisme."
        ),
        "responsibilities": [
            "Présider le comité d'audit et finances", "Présenter les états financiers au conseil",
            "Suivre le budget avec la direction",
        ],
        "qualifications": ["Titre CPA ou expérience équivalente", "Une réunion par mois, le soir"],
        "skills": (("comptabilité", True), ("audit", True), ("gouvernance", False),
                   ("planification budgétaire", False)),
        "languages": (("fr", L.PROFESSIONAL_WORKING, True), ("en", L.LIMITED_WORKING, False)),
    },
    {
        **_MTL, "title": "Board member – governance and legal",
        "kind": RoleKind.BOARD,
        "type": "Volunteer board seat", "location": "Montréal", "work_mode": WorkMode.HYBRID,
        "hours_per_week": 3, "schedule": ["evenings"], "cause": "food security",
        "min_years_experience": 5,
        "description": (
            "Help the board update its bylaws and policies and keep us compliant. We are "
            "especially looking for someone with a legal background."
        ),
        "responsibilities": [
            "Sit on the governance committee", "Review bylaws, policies and contracts",
            "Attend ten evening board meetings a year",
        ],
        "qualifications": ["Legal training or board governance experience", "Bilingual"],
        "skills": (("governance", True), ("nonprofit law", True), ("contracts", False),
                   ("risk management", False)),
        "languages": (("en", L.PROFESSIONAL_WORKING, True), ("fr", L.PROFESSIONAL_WORKING, True)),
    },
)  # fmt: skip

# --- pipeline ------------------------------------------------------------------

# Where applications currently stand, as weights over DEFAULT_STAGES' keys.
STAGE_WEIGHTS = {
    "new": 22, "reviewing": 15, "shortlisted": 12, "contacted": 10, "interview": 10,
    "offered": 5, "accepted": 6, "declined": 5, "not_a_fit": 15,
}  # fmt: skip
NOTES = (
    "Très bonne entrevue téléphonique, disponible les samedis.",
    "A déjà fait du bénévolat dans une banque alimentaire; références à vérifier.",
    "Préfère les quarts de soir. À rappeler après le 15.",
    "Connaît très bien le quartier Hochelaga.",
    "Great phone screen — very warm with people.",
    "Would need a shift close to the Pie-IX metro.",
    "References checked: both very positive.",
    "Asked about the bilingual requirement; their French is solid.",
)
NOT_A_FIT_DETAILS = {
    "availability": "Disponible seulement le dimanche.",
    "language": "Needs more French for the front desk.",
    "location": "Habite trop loin pour des quarts chaque semaine.",
    "skills": "Not enough bookkeeping experience yet.",
}

# --- board ---------------------------------------------------------------------

# (key, English label, French label, category, target count, priority 1 low … 3 high)
COMPETENCIES = (
    ("finance_audit", "Finance and audit", "Finance et audit", "expertise", 2, 3),
    ("legal", "Law", "Droit", "expertise", 1, 3),
    ("fundraising", "Fundraising", "Collecte de fonds", "expertise", 2, 3),
    ("marketing_communications", "Marketing and communications", "Marketing et communications",
     "expertise", 1, 2),
    ("human_resources", "Human resources", "Ressources humaines", "expertise", 1, 2),
    ("technology", "Technology and digital", "Technologies et numérique", "expertise", 1, 2),
    ("strategy", "Strategic planning", "Planification stratégique", "expertise", 2, 2),
    ("governance", "Governance", "Gouvernance", "expertise", 2, 3),
    ("food_security", "Food security", "Sécurité alimentaire", "sector", 2, 3),
    ("sector_nonprofit", "Community and nonprofit sector", "Milieu communautaire et OBNL",
     "sector", 2, 2),
    ("prior_board_experience", "Prior board experience", "Expérience de conseil d'administration",
     "experience", 3, 2),
    ("community_networks", "Community networks", "Réseaux dans la communauté", "network", 2, 2),
    ("fundraising_capacity", "Capacity to give or get donations",
     "Capacité de donner ou d'obtenir des dons", "network", 2, 1),
    ("region_constituency", "Ties to the neighbourhoods served",
     "Ancrage dans les quartiers desservis", "representation", 2, 2),
    ("lived_experience", "Lived experience of food insecurity",
     "Expérience vécue de l'insécurité alimentaire", "representation", 1, 3),
    ("languages_fr_en", "French-English bilingualism", "Bilinguisme français-anglais",
     "language", 3, 1),
)  # fmt: skip


class Seat(NamedTuple):
    """A board member; the first fields are BoardMember's columns."""

    full_name: str
    email: str
    seat: str
    officer_role: OfficerRole
    committees: list[str]
    term_number: int
    max_terms: int
    renewable: bool
    term_ends_in: int  # 0: at the next AGM, 1: at the one after
    competencies: dict[str, int]


# The treasurer is the only finance member and leaves for good at the AGM; nobody
# covers technology or law well: the gaps the matrix should make obvious.
BOARD = (
    Seat("Françoise D'Amours", "presidence@entraide.example", "Élu·e par l'AGA",
         OfficerRole.CHAIR, ["Gouvernance"], 2, 3, True, 1,
         {"governance": 3, "strategy": 3, "prior_board_experience": 3, "sector_nonprofit": 2,
          "community_networks": 2, "languages_fr_en": 2}),
    Seat("Rajesh Subramanian", "rajesh.s@example.com", "Élu·e par l'AGA",
         OfficerRole.VICE_CHAIR, ["Collecte de fonds"], 2, 3, True, 1,
         {"fundraising": 2, "fundraising_capacity": 3, "marketing_communications": 1,
          "prior_board_experience": 2, "languages_fr_en": 3}),
    Seat("Gilles Bélanger-Roy", "gilles.belanger-roy@example.com", "Élu·e par l'AGA",
         OfficerRole.TREASURER, ["Audit et finances"], 3, 3, False, 0,
         {"finance_audit": 3, "prior_board_experience": 3, "governance": 2}),
    Seat("Amina Diallo", "amina.diallo@example.org", "Élu·e par l'AGA",
         OfficerRole.SECRETARY, ["Gouvernance"], 1, 3, True, 1,
         {"governance": 2, "human_resources": 2, "languages_fr_en": 3, "region_constituency": 2}),
    Seat("Kevin O'Sullivan", "kevin.osullivan@example.net", "Élu·e par l'AGA",
         OfficerRole.NONE, ["Collecte de fonds"], 1, 3, True, 0,
         {"marketing_communications": 3, "fundraising": 1, "community_networks": 2,
          "languages_fr_en": 3}),
    Seat("Thị Lan Nguyễn", "thilan.nguyen@example.com", "Siège des personnes usagères",
         OfficerRole.NONE, ["Audit et finances"], 2, 3, True, 0,
         {"lived_experience": 3, "region_constituency": 3, "food_security": 2}),
    Seat("Jean-Philippe Lacasse", "jp.lacasse@example.org", "Élu·e par l'AGA",
         OfficerRole.NONE, ["Gouvernance"], 1, 3, True, 1,
         {"food_security": 3, "sector_nonprofit": 3, "strategy": 2, "region_constituency": 1}),
    Seat("Marie-Ève Saint-Onge", "me.saintonge@example.com", "Élu·e par l'AGA",
         OfficerRole.NONE, ["Collecte de fonds"], 2, 3, True, 1,
         {"fundraising": 2, "community_networks": 3, "fundraising_capacity": 2,
          "human_resources": 1}),
    Seat("David Cohen-Lapointe", "david.cl@example.net", "Siège coopté",
         OfficerRole.NONE, ["Audit et finances"], 1, 3, True, 1,
         {"technology": 1, "strategy": 2, "legal": 1, "languages_fr_en": 3}),
)  # fmt: skip
