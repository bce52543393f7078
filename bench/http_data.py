"""bench/http_bench.py's data: a million claims of varied copy, generated in set-based SQL.

Every per-row choice is a hash of the row's number `g` (hashint4extended with a seed per
choice), so a run is reproducible and the quantities, generated after the claims, recompute
the same template and numbers from the claim's `created_at` (one minute per `g`).

Term frequencies the search requests rely on: "drones" in 5 of the 20 templates (~25% of
claims), "cruise missiles" in 2 (~10%), each of the 40 places ~2.5% (Odesa among them), and
Snihurivka on one claim in 3,000 (~330).
"""

import time

from django.db import connection

from claims.models.base import SEARCH_VECTOR_SQL

SOURCES = 2_000
DOCUMENTS = 50_000
EVENTS = 20_000
RARE_PLACE = "Snihurivka"
RARE_EVERY = 3_000

# (text, topic, quantities): {n} {m} {k} are the numbers; a quantity is
# (value, upper, qualifier, of_total, item, outcome), value/upper/of_total "n", "m", "k", a
# number, or None.
TEMPLATES = [
    (
        "Ukraine's air force said {n} of {m} drones were downed overnight over {place}",
        "air_defense",
        [("n", None, "exact", "m", "drone", "downed")],
    ),
    (
        "Russia's defence ministry claimed {n} Ukrainian drones were destroyed over {place}",
        "air_defense",
        [("n", None, "exact", None, "drone", "destroyed")],
    ),
    (
        "{n} people were killed in a strike on {place}, the regional governor said",
        "casualties",
        [("n", None, "exact", None, "person", "killed")],
    ),
    (
        "At least {n} people were wounded after a missile hit a residential building in {place}",
        "casualties",
        [("n", None, "at_least", None, "person", "wounded")],
    ),
    (
        "The General Staff said Russian troops lost {n} tanks near {place} in the past day",
        "strike",
        [("n", None, "exact", None, "tank", "destroyed")],
    ),
    (
        "Russian forces claimed to have taken a village on the approaches to {place}",
        "territory",
        [],
    ),
    (
        "Ukraine launched {n} drones at targets in the {place} area, the governor reported",
        "strike",
        [("n", None, "exact", None, "drone", "launched")],
    ),
    (
        "Russia fired {n} cruise missiles and {m} drones at {place} overnight",
        "strike",
        [
            ("n", None, "exact", None, "cruise missile", "launched"),
            ("m", None, "exact", None, "drone", "launched"),
        ],
    ),
    (
        "Air defence shot down {n} of {m} cruise missiles aimed at {place}",
        "air_defense",
        [("n", None, "exact", "m", "cruise missile", "downed")],
    ),
    (
        "Between {n} and {m} civilians were evacuated from frontline villages around {place}",
        "casualties",
        [("n", "m", "range", None, "civilian", "evacuated")],
    ),
    (
        "Some {n} households were left without heating in {place} after the attack",
        "infrastructure",
        [("n", None, "approximately", None, "household", "affected")],
    ),
    (
        "Ukrainian forces said they control more than {n} square kilometers near {place}",
        "territory",
        [("n", None, "more_than", None, "square kilometer", "controlled")],
    ),
    (
        "Falling debris damaged {n} apartment blocks and a school in {place}, officials said",
        "infrastructure",
        [
            ("n", None, "exact", None, "apartment block", "damaged"),
            (1, None, "exact", None, "school", "damaged"),
        ],
    ),
    (
        "The SBU said it detained {n} suspected saboteurs in {place}",
        "other",
        [("n", None, "exact", None, "person", "detained")],
    ),
    (
        "{n} people are missing after shelling of {place}, emergency services said",
        "casualties",
        [("n", None, "fewer_than", None, "person", "missing")],
    ),
    (
        "Officials in {place} reported no casualties after a night attack on the port",
        "strike",
        [],
    ),
    (
        "Russian war bloggers reported fierce fighting in an industrial zone of {place}",
        "territory",
        [],
    ),
    (
        "Dozens of attack UAVs targeted energy facilities near {place}, the ministry said",
        "infrastructure",
        [(24, None, "vague", None, "UAV", "launched")],
    ),
    (
        "A Russian strike on {place} killed {n} and wounded {m}, the regional governor said",
        "casualties",
        [
            ("n", None, "exact", None, "person", "killed"),
            ("m", None, "exact", None, "person", "wounded"),
        ],
    ),
    (
        "Russia launched {n} drones and {m} missiles at {place}; {k} drones were shot down",
        "air_defense",
        [
            ("n", None, "exact", None, "drone", "launched"),
            ("m", None, "exact", None, "missile", "launched"),
            ("k", None, "exact", "n", "drone", "downed"),
        ],
    ),
]

# (name, latitude, longitude); no name holds a word of the templates.
PLACES = [
    ("Kyiv", 50.45, 30.52),
    ("Kharkiv", 49.99, 36.23),
    ("Odesa", 46.48, 30.73),
    ("Dnipro", 48.46, 35.05),
    ("Zaporizhzhia", 47.84, 35.14),
    ("Lviv", 49.84, 24.03),
    ("Mykolaiv", 46.98, 32.0),
    ("Kherson", 46.64, 32.62),
    ("Sumy", 50.91, 34.8),
    ("Chernihiv", 51.5, 31.29),
    ("Poltava", 49.59, 34.55),
    ("Kryvyi Rih", 47.91, 33.39),
    ("Pokrovsk", 48.28, 37.18),
    ("Kupyansk", 49.71, 37.62),
    ("Toretsk", 48.4, 37.85),
    ("Chasiv Yar", 48.59, 37.84),
    ("Kramatorsk", 48.74, 37.58),
    ("Sloviansk", 48.85, 37.6),
    ("Bakhmut", 48.6, 38.0),
    ("Avdiivka", 48.14, 37.75),
    ("Vuhledar", 47.78, 37.25),
    ("Kostiantynivka", 48.53, 37.71),
    ("Nikopol", 47.57, 34.4),
    ("Izmail", 45.35, 28.84),
    ("Bilhorod-Dnistrovskyi", 46.19, 30.35),
    ("Vinnytsia", 49.23, 28.47),
    ("Zhytomyr", 50.25, 28.66),
    ("Cherkasy", 49.44, 32.06),
    ("Kropyvnytskyi", 48.51, 32.26),
    ("Uman", 48.75, 30.22),
    ("Ternopil", 49.55, 25.59),
    ("Rivne", 50.62, 26.25),
    ("Lutsk", 50.75, 25.34),
    ("Khmelnytskyi", 49.42, 26.99),
    ("Belgorod", 50.6, 36.59),
    ("Kursk", 51.73, 36.19),
    ("Bryansk", 53.24, 34.36),
    ("Krasnodar", 45.04, 38.98),
    ("Sevastopol", 44.62, 33.53),
    ("Donetsk", 48.0, 37.8),
]

SOURCE_NAMES = [
    "Air Force of Ukraine",
    "Ministry of Defence of Russia",
    "General Staff of Ukraine",
    "Regional military administration",
    "State Emergency Service",
    "Mayor's office",
    "Telegram channel",
    "Military blogger",
    "Newswire desk",
    "Defence analyst",
    "Human rights monitor",
    "Volunteer collective",
    "Prosecutor's office",
    "Navy press service",
    "Border guard service",
    "Governor's office",
    "Local news site",
    "Open-source researcher",
    "Press agency",
    "Parliament member",
]
KINDS = ["military", "government", "official", "media", "social_channel", "expert", "ngo",
         "collective", "other"]  # fmt: skip


def sql_array(values) -> str:
    return "ARRAY[" + ", ".join(sql_literal(value) for value in values) + "]"


def sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def draw(seed: int, modulo: int, g: str = "g") -> str:
    """A reproducible number in [0, modulo) for row `g`."""
    return f"((hashint4extended({g}::int, {seed}) & 1073741823) % ({modulo}))::int"


def draws(g: str) -> str:
    """The per-row choices, as columns: t (template, 1-based), p (place, 1-based), n, m, k."""
    return f"""
        1 + {draw(1, len(TEMPLATES), g)} AS t,
        CASE WHEN {draw(5, RARE_EVERY, g)} = 0 THEN 0 ELSE 1 + {draw(2, len(PLACES), g)} END AS p,
        1 + {draw(3, 60, g)} AS n,
        1 + {draw(3, 60, g)} + {draw(4, 40, g)} AS m,
        1 + {draw(6, "1 + " + draw(3, 60, g), g)} AS k"""


def generate_sql(claims: int) -> str:
    templates = sql_array(text for text, _, _ in TEMPLATES)
    topics = sql_array(topic for _, topic, _ in TEMPLATES)
    places = sql_array(name for name, _, _ in PLACES)
    latitudes = sql_array(latitude for _, latitude, _ in PLACES)
    longitudes = sql_array(longitude for _, _, longitude in PLACES)
    source_names = sql_array(SOURCE_NAMES)
    kinds = sql_array(KINDS)
    specs = ",\n".join(
        "("
        + ", ".join(
            sql_literal(v) for v in (t, slot, str(value), upper, qualifier, of_total, item, outcome)
        )
        + ")"
        for t, (_, _, quantities) in enumerate(TEMPLATES, 1)
        for slot, (value, upper, qualifier, of_total, item, outcome) in enumerate(quantities)
    )
    search_vector = SEARCH_VECTOR_SQL.format(text="r.text", quote="r.quote", source_name="s.name")
    g_of_claim = "(extract(epoch FROM c.created_at - timestamptz '2022-02-24 00:00+00') / 60)"
    return f"""
SET LOCAL session_replication_role = replica;  -- bulk load: no per-row history triggers
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';
INSERT INTO claims_party (name, slug) VALUES ('Ukraine', 'ukraine'), ('Russia', 'russia')
    ON CONFLICT DO NOTHING;
INSERT INTO claims_source (name, kind, party_id, reliability, url, notes, created_at, updated_at)
SELECT ({source_names})[1 + g % 20] || ' ' || g,
       ({kinds})[1 + {draw(11, len(KINDS))}],
       CASE WHEN g % 5 = 0 THEN NULL
            ELSE (SELECT id FROM claims_party WHERE slug = (ARRAY['ukraine','russia'])[1 + g % 2])
       END,
       (ARRAY['A','B','C','D','E','F'])[1 + {draw(12, 6)}],
       'https://source' || g || '.example.org/', '', now(), now()
FROM generate_series(1, {SOURCES}) g;
CREATE TEMPORARY TABLE bench_sources ON COMMIT DROP AS
    SELECT id, party_id, name, (row_number() OVER (ORDER BY id) - 1)::int AS n
    FROM claims_source;
CREATE UNIQUE INDEX ON bench_sources (n);
INSERT INTO claims_document (url, title, outlet_id, published_at, language, archived_url,
                             created_at, updated_at)
SELECT 'https://outlet' || s.n || '.example.org/2023/report-' || g,
       'Live briefing ' || g || ': ' || ({places})[1 + {draw(13, len(PLACES))}],
       s.id, timestamptz '2022-02-24' + g * interval '25 minutes',
       (ARRAY['en','uk','ru'])[1 + g % 3], '', now(), now()
FROM generate_series(1, {DOCUMENTS}) g JOIN bench_sources s ON s.n = g % {SOURCES};
INSERT INTO claims_event (title, occurred_on, location, description, created_at, updated_at)
SELECT (ARRAY['Strike on ','Attack on ','Assault on ','Shelling of '])[1 + g % 4] || place
           || ' #' || g,
       CASE WHEN g % 20 <> 0 THEN date '2022-02-24' + {draw(14, 1000)} END, place, '', now(), now()
FROM (SELECT g, ({places})[1 + {draw(15, len(PLACES))}] AS place
      FROM generate_series(1, {EVENTS}) g) e;
CREATE TEMPORARY TABLE bench_firsts ON COMMIT DROP AS
    SELECT (SELECT min(id) FROM claims_document) AS document,
           (SELECT min(id) FROM claims_event) AS event;
WITH generated AS (
    SELECT g, {draws("g")}
    FROM generate_series(1, {claims}) g
), rows AS (
    SELECT g, t, p, text,
           CASE WHEN {draw(21, 3)} = 0 THEN text || ', the statement said.' ELSE '' END AS quote
    FROM (
        SELECT g, t, p,
               replace(replace(replace(replace(({templates})[t],
                   '{{place}}', CASE WHEN p = 0 THEN '{RARE_PLACE}' ELSE ({places})[p] END),
                   '{{n}}', n::text), '{{m}}', m::text), '{{k}}', k::text) AS text
        FROM generated
    ) texts
)
INSERT INTO claims_claim (text, source_id, side_id, status, topic, occurred_on, claimed_at,
                          location, latitude, longitude, quote, version, created_at, updated_at,
                          event_id, document_id, external_id, search_vector)
SELECT r.text, s.id, s.party_id,
       (ARRAY['unverified','unverified','unverified','corroborated','confirmed','disputed',
              'refuted','retracted'])[1 + {draw(22, 8)}],
       ({topics})[r.t],
       CASE WHEN {draw(23, 10)} = 0 THEN NULL ELSE date '2022-02-24' + {draw(24, 1000)} END,
       CASE WHEN {draw(25, 7)} = 0 THEN NULL
            ELSE timestamptz '2022-02-24' + g * interval '77 seconds' END,
       CASE WHEN r.p = 0 THEN '{RARE_PLACE}' ELSE ({places})[r.p] END,
       CASE WHEN r.p > 0 AND g % 2 = 0 THEN ({latitudes})[r.p] END,
       CASE WHEN r.p > 0 AND g % 2 = 0 THEN ({longitudes})[r.p] END,
       r.quote, 1, timestamptz '2022-02-24' + g * interval '60 seconds',
       timestamptz '2022-02-24' + g * interval '60 seconds',
       CASE WHEN {draw(26, 3)} = 0 THEN f.event + {draw(27, EVENTS)} END,
       CASE WHEN {draw(28, 5)} <> 0 THEN f.document + {draw(29, DOCUMENTS)} END,
       '', {search_vector}
FROM rows r JOIN bench_sources s ON s.n = {draw(30, SOURCES)} CROSS JOIN bench_firsts f;
WITH specs (t, slot, value, upper, qualifier, of_total, item, outcome) AS (VALUES
{specs}
), claims AS (
    SELECT c.id, d.*
    FROM claims_claim c,
         LATERAL (SELECT {draws(g_of_claim)}) d
), picked AS (
    SELECT c.id, sp.slot, sp.qualifier, sp.item, sp.outcome,
           CASE sp.value WHEN 'n' THEN c.n WHEN 'm' THEN c.m WHEN 'k' THEN c.k
                ELSE sp.value::int END AS value,
           CASE sp.upper WHEN 'n' THEN c.n WHEN 'm' THEN c.m WHEN 'k' THEN c.k END AS upper,
           CASE sp.of_total WHEN 'n' THEN c.n WHEN 'm' THEN c.m WHEN 'k' THEN c.k END AS of_total
    FROM claims c JOIN specs sp ON sp.t = c.t
)
INSERT INTO claims_quantity (claim_id, value, upper, qualifier, of_total, item, outcome)
SELECT id, value, upper, qualifier, of_total, item, outcome FROM picked ORDER BY id, slot;
"""


def fill(claims: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_claim")
        (existing,) = cursor.fetchone()
    database = connection.settings_dict["NAME"]
    if existing >= claims:
        print(f"Using the {existing:,} claims already in {database}.")
        return
    if existing:
        raise SystemExit(f"{database} holds {existing:,} claims; drop it first.")
    print(f"Generating {claims:,} claims in {database} (several minutes)...", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute(generate_sql(claims))
        cursor.execute("COMMIT")
        cursor.execute("VACUUM ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s.", flush=True)
