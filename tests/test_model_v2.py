"""The statement model v2: evidence, negation, qualifiers, dates with their basis, links, merged ids,
corroboration, each checked by validate and carried into the build, the RDF and the fact table."""

from __future__ import annotations

import json

from actor_kg import Project
from actor_kg.model import Amount

from conftest import MINI_ENTITIES, write_dataset
from helpers import kg

TEXT = (
    "Azerbaijan closed the Russian House in Baku in early February 2025. In response, Russia summoned the "
    "ambassador. Azerbaijan has pledged over 40 million dollars in aid to Ukraine since 2022. "
    "Baku does not view the strike as intentional. The Russian House was closed, Baku said.\n"
)
ENTITIES = MINI_ENTITIES + "- id: ukraine\n  label: Ukraine\n  type: country\n"
FACTS = """\
source: mini
facts:
  - id: v-1
    subject: azerbaijan
    relation: closes
    object: russian-house
    evidence:
      - quote: Azerbaijan closed the Russian House in Baku
      - quote: The Russian House was closed
    date: 2025-02
    date_qualifier: early
    also: [v-9]
  - id: v-2
    subject: russia
    relation: summons
    object: azerbaijan
    quote: Russia summoned the ambassador
    date: 2025-02/..
    date_basis: derived
    date_rule: after the closure it responds to
    date_anchor: v-1
    links:
      - {type: responds_to, fact: v-1, quote: In response}
  - id: v-3
    subject: azerbaijan
    relation: provides_aid_to
    object: ukraine
    quote: Azerbaijan has pledged over 40 million dollars in aid to Ukraine since 2022
    qualifiers:
      amount: {value: 40000000, unit: USD, bound: at_least}
      since: 2022
  - id: v-4
    subject: azerbaijan
    relation: accuses
    object: russia
    quote: Baku does not view the strike as intentional
    negated: true
skipped: []
"""


def v2(tmp_path, facts: str = FACTS) -> Project:
    return Project(write_dataset(tmp_path, entities=ENTITIES, facts=facts, text=TEXT), tmp_path / "build")


def test_every_part_of_a_v2_fact_is_loaded(tmp_path):
    p = v2(tmp_path)
    assert p.validate().ok
    facts = {f.id: f for f in p.dataset.facts}
    assert [e.quote for e in facts["v-1"].evidence] == [
        "Azerbaijan closed the Russian House in Baku",
        "The Russian House was closed",
    ]
    assert facts["v-1"].also == ("v-9",) and facts["v-1"].date_basis == "stated"
    assert facts["v-2"].date_basis == "derived" and facts["v-2"].date_anchor == "v-1"
    assert facts["v-2"].date.start.isoformat() == "2025-02-01" and facts["v-2"].links[0].quote == "In response"
    assert dict(facts["v-3"].qualifiers) == {"amount": Amount(40_000_000, "USD", "at_least"), "since": "2022"}
    assert facts["v-4"].negated


def test_a_negated_fact_has_no_direct_triple(tmp_path):
    p = v2(tmp_path)
    p.build()
    assert kg(p, "query", "ASK { GRAPH ?g { ent:azerbaijan kg:accuses ent:russia } }").output.strip() == "no"
    assert (
        kg(p, "query", "ASK { GRAPH ?g { stmt:v-4 kg:negated true ; rdf:predicate kg:accuses } }").output.strip()
        == "yes"
    )
    assert kg(p, "query", "ASK { GRAPH ?g { ent:azerbaijan kg:closes ent:russian-house } }").output.strip() == "yes"


def test_the_statement_node_carries_evidence_qualifiers_basis_links_and_merged_ids(tmp_path):
    p = v2(tmp_path)
    # the first quote on the statement, each further one an evidence node; their offsets in the facts file
    first = p.query("SELECT ?q WHERE { stmt:v-1 kg:quote ?q }").rows
    further = p.query("SELECT ?q WHERE { stmt:v-1 kg:evidence ?e . ?e kg:quote ?q }").rows
    assert [str(q) for (q,) in first + further] == [
        "Azerbaijan closed the Russian House in Baku",
        "The Russian House was closed",
    ]
    assert len(p.query("SELECT ?e WHERE { stmt:v-1 kg:evidence ?e }").rows) == 1
    fact = next(f for f in p.dataset.facts if f.id == "v-1")
    text = p.dataset.sources[fact.source].text
    assert [text[e.start : e.end] for e in fact.evidence] == [str(q) for (q,) in first + further]
    assert kg(p, "query", "ASK { { ?s kg:quoteStart ?n } UNION { ?s kg:quoteEnd ?n } }").output.strip() == "no"
    amount = p.query(
        "SELECT ?v ?b ?u WHERE { stmt:v-3 kg:qualifier_amount ?v ; kg:qualifier_amount_bound ?b ; "
        "kg:qualifier_amount_unit ?u }"
    ).rows
    assert [(int(v), str(b).rsplit("#", 1)[1], str(u)) for v, b, u in amount] == [(40_000_000, "at_least", "USD")]
    assert (
        kg(
            p, "query", "ASK { stmt:v-2 kg:responds_to stmt:v-1 ; kg:dateBasis kg:derived ; kg:dateAnchor stmt:v-1 }"
        ).output.strip()
        == "yes"
    )
    assert kg(p, "query", "ASK { stmt:v-9 dcterms:isReplacedBy stmt:v-1 }").output.strip() == "yes"
    # one source states it: no claim node, no count (the statement is its own claim); stated dates carry no basis
    assert (
        kg(p, "query", "ASK { { stmt:v-1 kg:claim ?c } UNION { stmt:v-1 kg:sourceCount ?n } }").output.strip() == "no"
    )
    assert kg(p, "query", "ASK { ?s rdf:subject ?o ; kg:dateBasis kg:stated }").output.strip() == "no"


def test_validate_enforces_the_model(tmp_path):
    bad = (
        FACTS.replace("    date_anchor: v-1\n", "")
        .replace("    also: [v-9]\n", "    also: [v-9]\n    links: [{type: follows, fact: v-7}]\n")
        .replace("      since: 2022\n", "      since: 2022\n      colour: red\n")
        .replace(
            "skipped: []",
            "  - id: v-5\n    subject: azerbaijan\n    relation: closes\n    object: russian-house\n"
            "    quote: Azerbaijan closed\n    date: 2025-02\n    date_qualifier: early\nskipped: []",
        )
    )
    out = kg(v2(tmp_path, bad), "validate").output
    assert "a derived date needs date_anchor" in out
    assert "link to unknown fact 'v-7'" in out
    assert "unknown qualifier 'colour'" in out
    assert "v-5 states the same claim as v-1" in out and "evidence" in out


def test_a_fact_table_of_v2_round_trips_in_both_formats(tmp_path):
    p = v2(tmp_path)
    rows = [json.loads(line) for line in p.export("jsonl", tmp_path / "t.jsonl").read_text().splitlines()]
    first = rows[0]
    assert first["table_version"] == 2 and len(first["evidence"]) == 2 and first["also"] == ["v-9"]
    assert rows[2]["qualifiers"] == {"amount": {"value": 40000000, "unit": "USD", "bound": "at_least"}, "since": "2022"}
    start = TEXT.index("In response")
    assert rows[3]["negated"] is True and rows[1]["links"] == [
        {
            "type": "responds_to",
            "fact": "v-1",
            "quote": "In response",
            "start": start,
            "end": start + len("In response"),
        }
    ]
    for fmt in ("jsonl", "csv"):
        table = p.export(fmt, tmp_path / f"facts.{fmt}")
        empty = v2(tmp_path / fmt, "source: mini\nfacts: []\n")
        result = kg(empty, "import", str(table))
        assert result.exit_code == 0, result.output
        assert empty.export(fmt, tmp_path / f"again.{fmt}").read_bytes() == table.read_bytes()


def test_attribution_is_traversable_and_can_be_left_out(real):
    """Petriashvili's statements about Putin connect the two; the path says who says what, with the quote."""
    (path,) = real.path("Alex Petriashvili", "Vladimir Putin")
    assert path.nodes == ["alex-petriashvili", "vladimir-putin"]
    (hop,) = path.hops
    assert not hop.facts and hop.said and all(f.claimed_by == "alex-petriashvili" for f in hop.said)
    out = kg(real, "path", "Alex Petriashvili", "Vladimir Putin").output
    assert "Alex Petriashvili says: Vladimir Putin \u2014admits\u2192" in out and "publicly admit responsibility" in out
    without = kg(real, "path", "Alex Petriashvili", "Vladimir Putin", "--no-attribution")
    assert without.exit_code == 1 and "no path" in without.output
    near = {hop.end for _, hop in real.neighbors("Alex Petriashvili")}
    assert "vladimir-putin" in near and "vladimir-putin" not in {
        h.end for _, h in real.neighbors("Alex Petriashvili", attribution=False)
    }


def test_corroboration_counts_independent_sources(real):
    facts = [f for f in real.dataset.facts if f.claim]
    by_claim: dict[str, set[str]] = {}
    for f in facts:
        by_claim.setdefault(f.claim, set()).add(f.source)
    assert all(f.sources == len(by_claim[f.claim]) for f in facts)
    closes = [f for f in facts if (f.subject, f.relation, f.object) == ("azerbaijan", "closes", "russian-house-baku")]
    assert len({f.claim for f in closes}) == 1 and closes[0].sources == len({f.source for f in closes}) >= 3
    # in the RDF, the statements of a corroborated claim share its node and count
    rows = real.query(
        "SELECT ?s ?c ?n WHERE { ?s rdf:predicate kg:closes ; rdf:object ent:russian-house-baku ; "
        "kg:claim ?c ; kg:sourceCount ?n }"
    ).rows
    assert (
        len(rows) == len(closes) and len({c for _, c, _ in rows}) == 1 and {int(n) for _, _, n in rows} == {len(closes)}
    )


def test_relations_take_the_entity_types_of_their_ranges(tmp_path):
    """A relation declares what it takes as subject and object (types or groups of types); validate checks."""
    p = v2(tmp_path)
    meets = p.dataset.relations["meets"]
    assert "person" in meets.subjects and "event" not in meets.subjects and "country" in meets.objects
    bad = FACTS.replace(
        "skipped: []",
        "  - id: v-6\n    subject: crash\n    relation: meets\n    object: aliyev\n"
        "    quote: The Russian House was closed\nskipped: []",
    )
    out = kg(v2(tmp_path / "bad", bad), "validate").output
    assert "relation 'meets' takes as subject a " in out and "not Event 'crash'" in out
    assert (
        kg(p, "query", "ASK { kg:meets kg:subjectType kg:Person ; kg:objectType kg:Country }")
        .output.strip()
        .endswith("yes")
    )


def test_conflicts_report_negation_and_modality_and_compare_like_with_like(tmp_path):
    import hashlib

    p = v2(tmp_path)
    text = "Azerbaijan accused Russia. Baku allegedly closed the Russian House. Putin apologized to Azerbaijan once.\n"
    sources = p.data_dir / "sources"
    (sources / "other.txt").write_text(text)
    (sources / "other.yaml").write_text(
        (sources / "mini.yaml")
        .read_text()
        .replace("id: mini", "id: other")
        .replace("title: A small test source", "title: Another source")
        .split("sha256:")[0]
        + f"sha256: {hashlib.sha256(text.encode()).hexdigest()}\n"
    )
    (p.data_dir / "facts" / "other.yaml").write_text("""\
source: other
facts:
  - {id: o-1, subject: azerbaijan, relation: accuses, object: russia, quote: Azerbaijan accused Russia}
  - {id: o-2, subject: azerbaijan, relation: closes, object: russian-house, quote: Baku allegedly closed the Russian House, modality: alleged}
  - {id: o-3, subject: putin, relation: apologizes_to, object: azerbaijan, quote: Putin apologized to Azerbaijan once, count: 1}
""")
    (p.data_dir / "facts" / "mini.yaml").write_text(
        FACTS.replace(
            "skipped: []",
            """\
  - {id: v-7, subject: putin, relation: apologizes_to, object: aliyev, quote: Azerbaijan closed, count: 2}
skipped: []""",
        )
    )
    found = {(c.subject, c.relation, c.kind): {f.id for f in c.facts} for c in p.conflicts()}
    assert found[("azerbaijan", "accuses", "negation")] == {"v-4", "o-1"}
    assert found[("azerbaijan", "closes", "modality")] == {"v-1", "o-2"}
    assert not [k for k in found if k[1] == "apologizes_to"]  # to Aliyev twice, to Azerbaijan once: not compared
    out = kg(p, "conflicts").output  # the most consequential first: whether a closure happened (Goldstein -4.0)
    assert out.index("Azerbaijan \u2014closes\u2192 Russian House: asserted by one source, alleged") < out.index(
        "Azerbaijan \u2014accuses\u2192 Russia: stated by one source, negated by another"
    )  # before an accusation (-2.0)


def test_the_rdf12_export_reifies_each_statement_with_a_triple_term(real, tmp_path):
    import pyoxigraph as ox

    out = real.export("nq", tmp_path / "kg12.nq", rdf12=True)
    store = ox.Store()
    store.bulk_load(path=str(out), format=ox.RdfFormat.N_QUADS)
    count = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?st rdf:reifies ?t } }",
        prefixes={"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    )
    assert int(next(iter(count))["n"].value) == len(real.dataset.facts)
    assert not list(
        store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), None, None)
    )
    closes = store.query(
        "SELECT ?st WHERE { GRAPH ?g { ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> "
        "<<( <https://w3id.org/actor-kg/entity/azerbaijan> <https://w3id.org/actor-kg/ns#closes> "
        "<https://w3id.org/actor-kg/entity/russian-house-baku> )>> } }"
    )
    assert len(list(closes)) >= 3
    refused = kg(real, "export", "-f", "ttl", "--rdf12")
    assert refused.exit_code == 2 and "nq and trig" in refused.output


def test_named_queries_mark_negated_facts_and_do_not_count_them(tmp_path):
    p = v2(tmp_path)
    rows = {str(r[-1]).rsplit("/", 1)[1]: r for r in p.query("actor-facts", {"actor": "Azerbaijan"}).rows}
    negated_column = p.query("actor-facts", {"actor": "Azerbaijan"}).variables.index("negated")
    assert str(rows["v-4"][negated_column]) == "true" and rows["v-1"][negated_column] is None
    balance = p.query("relations-balance", {"a": "Azerbaijan", "b": "Russia"}).rows
    # Russia summoned (counted); Azerbaijan's accusation is negated: no row from Azerbaijan to Russia
    assert [str(row[2]).rsplit("/", 1)[1] for row in balance] == ["russia"]


def test_a_source_date_may_be_a_bound_derived_from_its_text(tmp_path):
    p = v2(tmp_path)
    meta = p.data_dir / "sources" / "mini.yaml"
    meta.write_text(meta.read_text().replace("date: 2025-02-10\n", "date: 2025-02/..\ndate_basis: bounded\n"))
    assert "a bounded publication date needs date_rule" in kg(p, "validate").output
    meta.write_text(
        meta.read_text().replace(
            "date_basis: bounded\n",
            "date_basis: bounded\ndate_rule: after the closure it reports, early February 2025\n",
        )
    )
    assert p.validate().ok
    out = kg(p, "sources").output
    assert "date: 2025-02/.. (bounded: after the closure it reports, early February 2025)" in out
    assert kg(p, "query", "ASK { src:mini kg:dateBasis kg:bounded }").output.strip().endswith("yes")
