"""The named SPARQL queries of queries/: concrete answers from the real data, the `kg query` command line,
and every query run again on a real Oxigraph SPARQL endpoint with the same answers."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date

import pytest
import rdflib
from rdflib import Literal

from actor_kg.analysis.conflicts import conflicts
from actor_kg.analysis.timeline import sort_key
from actor_kg.store import namespaces as ns
from actor_kg.store.namespaces import ENT, KG, SRC, STMT, WD
from helpers import kg

# Terms of rdflib's closed namespaces, as constants: pytest probes module attributes while collecting, and
# rdflib warns when a closed namespace (XSD, RDF, SKOS) is asked for a name it lacks.
DATE, GYEAR, GYEARMONTH, DECIMAL = ns.XSD.date, ns.XSD.gYear, ns.XSD.gYearMonth, ns.XSD.decimal
EDTF_DATE = ns.EDTF.EDTF  # intervals and seasons: not an XSD type
RDF_TYPE, RDF_SUBJECT, PREF_LABEL = ns.RDF.type, ns.RDF.subject, ns.SKOS.prefLabel

# Every named query with the parameters it is tried with (optional parameters both given and not).
# test_every_query_is_covered keeps this list complete; the endpoint test runs every case.
CASES = [
    ("actor-facts", {"actor": "Baku"}),
    ("fact-sources", {"subject": "Baku", "relation": "closes", "object": "russian-house-baku"}),
    ("actions-between", {"actor": "Baku", "target": "Russia"}),
    ("actions-between", {"actor": "Russia", "target": "Baku"}),
    ("actions-between", {"actor": "azerbaijani-experts", "target": "Russia"}),
    ("claims-by", {"claimant": "Putin"}),
    ("claims-by", {}),
    ("claimants-ranked", {}),
    ("disagreements", {}),
    ("relations-over-time", {"a": "Baku", "b": "Moscow"}),
    ("relations-balance", {"a": "Azerbaijan", "b": "Russia"}),
    ("entities-of-type", {"type": "person"}),
    ("entities-of-type", {"type": "country"}),
    ("analysts-and-institutions", {}),
    ("media-outlets", {}),
    ("corridors", {}),
    ("undated-facts", {"source": "how-putin-is-destroying-relations"}),
    ("undated-facts", {}),
    ("undated-by-source", {}),
    ("sources-ranked", {}),
    ("actors-by-degree", {}),
    ("neighbourhood", {"actor": "Baku"}),
    ("timeline", {}),
    ("timeline", {"actor": "Aliyev", "since": "2025-01-01"}),
    ("timeline", {"until": "2021-06-01"}),
    ("timeline", {"since": "2025", "until": "2025"}),  # a year, as kg timeline takes it
    ("demands", {"actor": "Azerbaijan"}),
    ("demands", {}),
    ("crash-explanations", {}),
    ("retaliations", {}),
    ("russia-dependencies", {}),
    ("arms-suppliers", {"buyer": "Baku"}),
    ("arms-suppliers", {}),
    ("facts-per-relation", {}),
    ("stated", {"subject": "Baku", "relation": "closes", "object": "russian-house-baku"}),
    ("stated", {"subject": "Russia", "relation": "closes", "object": "russian-house-baku"}),
]


def key(name: str, params: dict) -> str:
    return name + "".join(f" {k}={v}" for k, v in sorted(params.items()))


@pytest.fixture(scope="module")
def results(real):
    """Every case run once on the local build (each query runs in tens of milliseconds)."""
    return {key(name, params): real.query(name, params) for name, params in CASES}


def rows(results, name, **params) -> list[dict]:
    """The rows of a SELECT result as dicts, unbound variables left out."""
    result = results[key(name, params)]
    assert result.form == "select", name
    return [{v: t for v, t in zip(result.variables, row) if t is not None} for row in result.rows]


def column(rs: list[dict], var: str) -> list:
    return [r.get(var) for r in rs]


def sid(r: dict) -> str:
    """The fact id of a row's statement."""
    return str(r["statement"])[len(str(STMT)) :]


def ids(rs: list[dict]) -> list[str]:
    return [sid(r) for r in rs]


def by_statement(rs: list[dict]) -> dict:
    return {sid(r): r for r in rs}


def by_id(ds) -> dict:
    return {f.id: f for f in ds.facts}


def test_every_query_is_covered_and_has_a_header(real):
    library = real.queries()
    assert len(library) >= 15
    assert set(library) == {name for name, _ in CASES}
    for name, q in library.items():
        assert q.title and q.description, name
        assert name == name.lower() and " " not in name and "_" not in name, name
        for params in (p for n, p in CASES if n == name):
            assert set(params) <= set(q.params), name
            assert {p for p, spec in q.params.items() if not spec.optional} <= set(params), name


# ---------------------------------------------------------------------------------------------------
# Concrete answers from the real data


def test_actor_facts_lists_every_fact_of_the_actor_with_source_date_and_quote(real, results):
    rs = rows(results, "actor-facts", actor="Baku")
    ds = real.dataset
    expected = {f.id for f in ds.facts if "azerbaijan" in (f.subject, f.object)}
    facts = by_statement(rs)
    assert set(facts) == expected and len(rs) == len(expected)  # one row per fact
    assert set(column(rs, "actor")) == {ENT.azerbaijan}  # Baku resolved to Azerbaijan
    closure = facts["daryo-007"]  # daryo-050 ("By early February ...") is merged into it
    assert closure["role"] == Literal("subject") and closure["relation"] == KG.closes
    assert closure["relationLabel"] == Literal("closes", lang="en")
    assert closure["other"] == ENT["russian-house-baku"]
    assert closure["date"] == Literal("2024-12-25/2025-02", datatype=EDTF_DATE)  # bounded: after the crash, by February
    assert closure["modality"] == KG.asserted and closure["source"] == SRC["daryo-sudden-rift"]
    assert closure["sourceTitle"] == Literal(
        "[Daryo article on the sudden rift between Azerbaijan and Russia]", lang="en"
    )
    # the statement's quote is its first passage (all are its kg:evidence)
    assert closure["quote"] == Literal(
        'Azerbaijan responded by shutting down the Russian cultural center, "Russian House"'
    )
    partner = facts["kennan-004"]  # Azerbaijan as the object
    assert partner["role"] == Literal("object") and partner["other"] == ENT.russia
    assert partner["relation"] == KG.partner_of and partner["date"] == Literal("2021-12-26/..", datatype=EDTF_DATE)
    assert "date" not in facts["raam-012"] and facts["raam-012"]["relation"] == KG.has_leverage_over  # undated
    assert facts["raam-007"]["other"] == Literal("assertive yet calculated")  # a literal value
    assert facts["raam-182"]["negated"].toPython() is True and "negated" not in closure  # did not join sanctions
    # dated facts first, in order of where their date starts; then the undated ones
    dates = [r.get("date") for r in rs]
    first_undated = dates.index(None)
    assert all(d is not None for d in dates[:first_undated]) and all(d is None for d in dates[first_undated:])
    fact = by_id(ds)
    assert [str(d) for d in dates[:first_undated]] == [fact[i].date.value for i in ids(rs[:first_undated])]
    # A date open at its start (../2025-01-27) is left out of the order check: this query sorts it at
    # 0001-01-01, kg timeline and the timeline query at its end.
    known = [r for r in rs[:first_undated] if fact[sid(r)].date.start != date.min]
    starts = [fact[sid(r)].date.start for r in known]
    assert starts == sorted(starts)
    assert sid(known[0]) == "daryo-109"  # AZTV: Putin tried to "block Baku" in 2020
    assert known[0]["date"] == Literal("2020", datatype=GYEAR) and known[0]["claimedBy"] == ENT.aztv


def test_fact_sources_names_every_source_stating_a_triple(results):
    rs = rows(results, "fact-sources", subject="Baku", relation="closes", object="russian-house-baku")
    facts = by_statement(rs)
    # one statement per source: daryo-050 is merged into daryo-007, kennan-068 into kennan-037
    assert set(facts) == {"daryo-007", "kennan-037", "mcbr-069"}
    assert set(column(rs, "source")) == {
        SRC["daryo-sudden-rift"],
        SRC["kennan-russian-house-rift"],
        SRC["moscows-confession-bakus-rise"],
    }
    assert facts["kennan-037"]["quote"] == Literal(
        "Azerbaijan's Foreign Ministry announced that they had sent a "
        "diplomatic note to Russia terminating the activities of Russian House"
    )
    assert facts["kennan-037"]["publisher"] == Literal("Kennan Institute")
    assert facts["mcbr-069"]["sourceTitle"] == Literal(
        "Moscow's confession, Baku's rise: The power shift Putin couldn't hide", lang="en"
    )
    assert "publisher" not in facts["mcbr-069"]  # its metadata leaves the publisher null
    assert facts["mcbr-069"]["date"] == Literal("2025-02", datatype=GYEARMONTH)
    assert facts["daryo-007"]["date"] == Literal("2024-12-25/2025-02", datatype=EDTF_DATE)
    assert facts["kennan-037"]["date"] == Literal("2024-12-26/..", datatype=EDTF_DATE)
    assert {r["subject"] for r in rs} == {ENT.azerbaijan} and {r["object"] for r in rs} == {ENT["russian-house-baku"]}


def test_actions_between_follows_agencies_and_staff_in_date_order(real, results):
    rs = rows(results, "actions-between", actor="Baku", target="Russia")
    facts = by_statement(rs)
    fact = by_id(real.dataset)
    # every action between them is dated now (undated ones would come last), each with its fact's date
    assert all("date" in r for r in rs)
    assert [str(r["date"]) for r in rs] == [fact[i].date.value for i in ids(rs)]
    # in order of where the date starts; a date open at its start (../2025-10-31) is left out of the
    # check: this query sorts it at 0001-01-01, kg timeline and the timeline query at its end
    starts = [fact[i].date.start for i in ids(rs) if fact[i].date.start != date.min]
    assert starts == sorted(starts)
    closures = [
        i for i in ids(rs) if facts[i]["relation"] == KG.closes and facts[i]["against"] == ENT["russian-house-baku"]
    ]
    assert closures == ["daryo-007", "kennan-037", "mcbr-069"]  # from 2024-12-25, from 2024-12-26, in 2025-02
    assert facts["mcbr-069"]["date"] == Literal("2025-02", datatype=GYEARMONTH)
    # detaining Sputnik's Baku executives counts: they work for Sputnik, an agency of Russia
    assert facts["mcbr-091"]["by"] == ENT.azerbaijan and facts["mcbr-091"]["against"] == ENT["sputnik-baku-executives"]
    assert facts["mcbr-091"]["relation"] == KG.detains and facts["mcbr-091"]["cameo"] == Literal("173")
    assert facts["daryo-007"]["against"] == ENT["russian-house-baku"]
    assert facts["hpdr-038"]["relation"] == KG.suspends_cooperation_with
    assert facts["hpdr-038"]["claimedBy"] == ENT["azerbaijani-experts"] and facts["hpdr-038"]["modality"] == KG.claimed
    assert ENT["ilham-aliyev"] in column(rs, "by")  # the leader acts for the country
    # neutral relations without a CAMEO code are not actions (kennan-140: Azerbaijan depends on Russia,
    # kennan-017: it has leverage over Russia); calls_on (CAMEO 020) is, below
    assert [
        (fact[i].subject, fact[i].relation, fact[i].object, fact[i].negated) for i in ("kennan-140", "kennan-017")
    ] == [("azerbaijan", "depends_on", "russia", False), ("azerbaijan", "has_leverage_over", "russia", False)]
    assert not {"kennan-140", "kennan-017"} & set(facts)
    relations = set(column(rs, "relation"))
    assert KG.depends_on not in relations and KG.has_leverage_over not in relations
    assert {r["polarity"] for r in rs} <= {KG.conflictual, KG.cooperative, KG.neutral}
    assert set(column(rs, "actor")) == {ENT.azerbaijan} and set(column(rs, "target")) == {ENT.russia}
    back = by_statement(rows(results, "actions-between", actor="Russia", target="Baku"))
    assert "daryo-007" not in back and back["mcbr-072"]["relation"] == KG.kills  # Yekaterinburg, June 2025
    assert back["mcbr-072"]["against"] == ENT["azerbaijanis-killed-in-yekaterinburg"]
    assert back["mcbr-072"]["by"] == ENT["russian-police"]
    # Azerbaijani experts call on Russia and on Putin, who leads it: calls_on is neutral but has CAMEO 020
    calls = by_statement(rows(results, "actions-between", actor="azerbaijani-experts", target="Russia"))
    assert set(calls) == {"hpdr-022", "hpdr-023"}
    assert {r["relation"] for r in calls.values()} == {KG.calls_on} and {r["polarity"] for r in calls.values()} == {
        KG.neutral
    }
    assert calls["hpdr-022"]["cameo"] == Literal("020") and calls["hpdr-023"]["against"] == ENT["vladimir-putin"]


def test_claims_by_attribution(real, results):
    rs = rows(results, "claims-by", claimant="Putin")
    facts = by_statement(rs)
    assert set(facts) == {f.id for f in real.dataset.facts if f.claimed_by == "vladimir-putin"}
    assert set(column(rs, "claimant")) == {ENT["vladimir-putin"]}
    regret = facts["kennan-061"]
    assert (regret["subject"], regret["relation"], regret["object"]) == (
        ENT["crash-of-flight-j2-8243"],
        KG.occurred_in,
        ENT.russia,
    )
    assert regret["modality"] == KG.claimed
    assert regret["quote"] == Literal("expressed regret that it occurred in Russian airspace")
    everyone = rows(results, "claims-by")
    assert len(everyone) == sum(1 for f in real.dataset.facts if f.claimed_by)
    assert Counter(r["modality"] for r in everyone) == Counter(
        KG[f.modality] for f in real.dataset.facts if f.claimed_by
    )


def test_claimants_ranked(real, results):
    rs = rows(results, "claimants-ranked")
    expected = Counter(f.claimed_by for f in real.dataset.facts if f.claimed_by)
    assert {str(r["claimant"])[len(str(ENT)) :]: int(r["claims"]) for r in rs} == dict(expected)
    assert [int(r["claims"]) for r in rs] == sorted((int(r["claims"]) for r in rs), reverse=True)
    for r in rs:  # the split by modality and the sources, per claimant
        mine = [f for f in real.dataset.facts if ENT[f.claimed_by or ""] == r["claimant"]]
        modalities = Counter(f.modality for f in mine)
        assert {m: int(r[m]) for m in ("claimed", "alleged", "denied", "proposed", "asserted")} == {
            m: modalities[m] for m in ("claimed", "alleged", "denied", "proposed", "asserted")
        }
        assert int(r["sources"]) == len({f.source for f in mine})
    putin = next(r for r in rs if r["claimant"] == ENT["vladimir-putin"])
    assert (int(putin["claims"]), int(putin["claimed"]), int(putin["sources"])) == (9, 9, 2)
    # Aliyev is credited with claims, allegations and proposals (the demands he voiced for Azerbaijan)
    aliyev = next(r for r in rs if r["claimant"] == ENT["ilham-aliyev"])
    assert [int(aliyev[k]) for k in ("claims", "claimed", "alleged", "proposed", "sources")] == [7, 1, 2, 4, 3]


def test_disagreements_between_sources(real, results):
    rs = rows(results, "disagreements")
    found = {(r["subject"], r["object"], r["rivalObject"], str(r["statement"])[len(str(STMT)) :]) for r in rs}
    summit = ENT["regional-summit-december-2024"]
    assert (summit, ENT["st-petersburg"], ENT["moscow-city"], "hpdr-010") in found
    assert (summit, ENT["moscow-city"], ENT["st-petersburg"], "kennan-096") in found
    crash = ENT["crash-of-flight-j2-8243"]
    assert (crash, ENT.russia, ENT.aktau, "kennan-061") in found
    assert (crash, ENT.kazakhstan, ENT.russia, "mcbr-038") in found
    regret = next(r for r in rs if str(r["statement"]).endswith("kennan-061"))
    assert regret["claimedBy"] == ENT["vladimir-putin"] and regret["modality"] == KG.claimed
    # Aktau is in Kazakhstan, 2024-12-25 is in 2024-12: no disagreement
    assert not any({r["object"], r["rivalObject"]} == {ENT.aktau, ENT.kazakhstan} for r in rs)
    assert KG.occurred_on not in column(rs, "relation")
    assert {r["subject"] for r in rs} == {crash, summit}
    assert {r["relation"] for r in rs} == {KG.occurred_in}
    # every disagreement is one `kg conflicts` reports too
    reported = {(ENT[c.subject], KG[c.relation]) for c in conflicts(real.dataset) if c.kind == "object"}
    assert {(r["subject"], r["relation"]) for r in rs} <= reported


def test_relations_over_time_both_directions(real, results):
    rs = rows(results, "relations-over-time", a="Baku", b="Moscow")
    facts = by_statement(rs)
    ds = real.dataset
    expected = {
        f.id
        for f in ds.facts
        if {f.subject, f.object} == {"azerbaijan", "russia"}
        and ds.relations[f.relation].polarity != "neutral"
        and not f.negated
    }
    assert set(facts) == expected
    assert "raam-182" not in facts and by_id(ds)["raam-182"].negated  # "did not join Western sanctions"
    fact = by_id(ds)
    starts = [sort_key(fact[i].date)[0] for i in ids(rs) if fact[i].date]  # dated first, by where the date is placed
    assert starts == sorted(starts) and ids(rs)[: len(starts)] == [i for i in ids(rs) if fact[i].date]
    assert ids(rs)[:2] == ["raam-195", "kennan-004"]  # since 2020; since 2021-12-26
    assert facts["kennan-136"]["relation"] == KG.supplies and facts["kennan-136"]["subject"] == ENT.russia
    assert facts["kennan-136"]["goldstein"] == Literal("6.4", datatype=DECIMAL)
    assert facts["kennan-136"]["date"] == Literal("2023", datatype=GYEAR)
    # in_conflict_with: conflictual without a Goldstein value (mcbr-035 is merged into mcbr-019)
    assert facts["mcbr-019"]["polarity"] == KG.conflictual and "goldstein" not in facts["mcbr-019"]
    assert facts["hpdr-038"]["goldstein"].toPython() == -4 and facts["hpdr-038"]["subject"] == ENT.azerbaijan
    assert {r["polarity"] for r in rs} == {KG.conflictual, KG.cooperative}


def test_relations_balance(real, results):
    rs = {(r["subject"], r["object"]): r for r in rows(results, "relations-balance", a="Azerbaijan", b="Russia")}
    assert set(rs) == {(ENT.azerbaijan, ENT.russia), (ENT.russia, ENT.azerbaijan)}
    ds = real.dataset
    for (s, o), r in rs.items():
        facts = [f for f in ds.facts if ENT[f.subject] == s and f.object == str(o)[len(str(ENT)) :] and not f.negated]
        polarity = Counter(ds.relations[f.relation].polarity for f in facts)
        scores = [
            ds.relations[f.relation].goldstein
            for f in facts
            if ds.relations[f.relation].polarity != "neutral" and ds.relations[f.relation].goldstein is not None
        ]
        assert int(r["conflictual"]) == polarity["conflictual"] and int(r["cooperative"]) == polarity["cooperative"]
        assert int(r["scored"]) == len(scores)
        assert float(r["goldsteinTotal"]) == pytest.approx(sum(scores))
        assert float(r["goldsteinMean"]) == pytest.approx(round(sum(scores) / len(scores), 2))
    there = rs[(ENT.azerbaijan, ENT.russia)]
    assert (int(there["conflictual"]), int(there["cooperative"])) == (19, 14)  # statements, not quotes (v2)
    back = rs[(ENT.russia, ENT.azerbaijan)]
    assert (int(back["conflictual"]), int(back["cooperative"]), int(back["scored"])) == (11, 3, 5)


def test_entities_of_type(real, results):
    people = rows(results, "entities-of-type", type="person")
    ds = real.dataset
    assert {str(r["entity"])[len(str(ENT)) :] for r in people} == {
        e.id for e in ds.entities.values() if e.type == "person"
    }
    assert set(column(people, "type")) == {Literal("person")}
    putin = next(r for r in people if r["entity"] == ENT["vladimir-putin"])
    assert putin["label"] == Literal("Vladimir Putin", lang="en") and "Putin" in str(putin["aliases"]).split(" | ")
    assert int(putin["facts"]) == sum(1 for f in ds.facts if "vladimir-putin" in (f.subject, f.object))
    countries = {r["entity"]: r for r in rows(results, "entities-of-type", type="country")}
    assert countries[ENT.azerbaijan]["wikidata"] == WD.Q227
    assert set(str(countries[ENT.azerbaijan]["aliases"]).split(" | ")) == set(ds.entities["azerbaijan"].aliases)
    assert ENT.russia in countries and ENT["vladimir-putin"] not in countries


def test_analysts_and_institutions(results):
    rs = rows(results, "analysts-and-institutions")
    found = {r["person"]: r for r in rs}
    assert set(found) >= {ENT["agha-bayramov"], ENT["alex-petriashvili"], ENT["arif-yunusov"], ENT["sergey-danilov"]}
    assert "University of Groningen" in str(found[ENT["agha-bayramov"]]["institutions"])
    assert "senior fellow" in str(found[ENT["alex-petriashvili"]]["positions"]).split(" | ")
    assert all(int(r["statements"]) >= 1 for r in rs)
    # presidents, spokesmen, deputies and dictators are not analysts
    assert not set(found) & {
        ENT["ilham-aliyev"],
        ENT["vladimir-putin"],
        ENT["dmitry-peskov"],
        ENT["nikolai-valuev"],
        ENT["joseph-stalin"],
    }


def test_media_outlets_and_corridors(real, results):
    outlets = rows(results, "media-outlets")
    links = {(r["outlet"], r.get("direction"), r.get("relation"), r.get("other")) for r in outlets}
    assert (ENT.sputnik, Literal("in"), KG.raids, ENT.azerbaijan) in links
    assert (ENT.sputnik, Literal("out"), KG.agency_of, ENT.russia) in links
    assert (ENT["tsargrad-tv"], Literal("in"), KG.works_for, ENT["andrei-pinchuk"]) in links
    assert (ENT.aztv, Literal("out"), KG.accuses, ENT.russia) in links
    assert {str(r["outlet"])[len(str(ENT)) :] for r in outlets} == {
        e.id for e in real.dataset.entities.values() if e.type == "media_outlet"
    }  # outlets without facts too
    corridors = {
        (r["corridor"], r.get("direction"), r.get("relation"), r.get("other")): int(r["sources"])
        for r in rows(results, "corridors")
    }
    assert corridors[(ENT.instc, Literal("out"), KG.passes_through, ENT.azerbaijan)] == 2
    assert corridors[(ENT.instc, Literal("in"), KG.depends_on, ENT.russia)] == 2
    assert corridors[(ENT["middle-corridor"], Literal("out"), KG.passes_through, ENT.azerbaijan)] == 1
    assert corridors[(ENT["azal-routes-to-russia"], Literal("out"), KG.connects, ENT.russia)] == 1


def test_undated_facts(real, results):
    ds = real.dataset
    one = rows(results, "undated-facts", source="how-putin-is-destroying-relations")
    assert set(ids(one)) == {
        f.id for f in ds.facts if f.source == "how-putin-is-destroying-relations" and f.date is None
    }
    # stative facts stay undated; the source's reported events are dated from its publication (../2025-01-27)
    assert "hpdr-042" in ids(one) and "hpdr-039" not in ids(one)
    assert set(column(one, "source")) == {SRC["how-putin-is-destroying-relations"]}
    every = by_statement(rows(results, "undated-facts"))
    assert set(every) == {f.id for f in ds.facts if f.date is None}
    assert "raam-012" in every and "kennan-004" not in every  # a bounded date (2021-12-26/..) is a date
    counts = {r["source"]: r for r in rows(results, "undated-by-source")}
    for source in ds.sources:
        mine = [f for f in ds.facts if f.source == source]
        assert int(counts[SRC[source]]["facts"]) == len(mine)
        assert int(counts[SRC[source]]["undated"]) == sum(1 for f in mine if f.date is None)
        assert int(counts[SRC[source]]["withDate"]) == sum(1 for f in mine if f.date is not None)
    hpdr = [f for f in ds.facts if f.source == "how-putin-is-destroying-relations"]
    percent = float(counts[SRC["how-putin-is-destroying-relations"]]["undatedPercent"])
    assert percent == pytest.approx(round(1000 * sum(1 for f in hpdr if f.date is None) / len(hpdr)) / 10)
    assert 0 < percent < 100  # it dates some of its facts, not all


def test_sources_ranked(real, results):
    rs = rows(results, "sources-ranked")
    expected = Counter(f.source for f in real.dataset.facts)
    assert [(str(r["source"])[len(str(SRC)) :], int(r["facts"])) for r in rs] == sorted(
        expected.items(), key=lambda kv: (-kv[1], kv[0])
    )
    assert rs[0]["source"] == SRC["raam-fragile-calculated-relationship"] and rs[0]["publisher"] == Literal("RAAM")
    hpdr = next(r for r in rs if r["source"] == SRC["how-putin-is-destroying-relations"])
    assert hpdr["published"] == Literal("2025-01-27", datatype=DATE)
    assert int(hpdr["attributed"]) == sum(
        1 for f in real.dataset.facts if f.source == "how-putin-is-destroying-relations" and f.claimed_by
    )


def test_actors_by_degree(real, results):
    rs = rows(results, "actors-by-degree")
    assert {rs[0]["actor"], rs[1]["actor"]} == {ENT.russia, ENT.azerbaijan}
    assert all(int(r["degree"]) == int(r["outgoing"]) + int(r["incoming"]) for r in rs)
    assert [int(r["degree"]) for r in rs] == sorted((int(r["degree"]) for r in rs), reverse=True)
    ds = real.dataset
    # a negated fact has no direct triple (raam-182: Azerbaijan did not join the sanctions against Russia)
    triples = {(f.subject, f.relation, f.object) for f in ds.facts if not f.object_is_literal and not f.negated}
    assert ("azerbaijan", "sanctions", "russia") not in triples
    for actor in ("azerbaijan", "ilham-aliyev", "sputnik"):
        row = next(r for r in rs if r["actor"] == ENT[actor])
        assert int(row["outgoing"]) == sum(1 for s, _, _ in triples if s == actor)
        assert int(row["incoming"]) == sum(1 for _, _, o in triples if o == actor)
    azerbaijan = next(r for r in rs if r["actor"] == ENT.azerbaijan)
    assert (int(azerbaijan["outgoing"]), int(azerbaijan["incoming"])) == (76, 42)
    kinds = {str(r["type"]) for r in rs}
    assert "person" in kinds and not kinds & {"place", "event", "demand", "corridor"}


def test_neighbourhood_is_a_graph_of_direct_triples_and_labels(real, results):
    result = results[key("neighbourhood", {"actor": "Baku"})]
    assert result.form == "graph"
    g = result.graph
    assert (ENT.azerbaijan, KG.closes, ENT["russian-house-baku"]) in g
    assert (ENT.russia, KG.partner_of, ENT.azerbaijan) in g
    assert (ENT.azerbaijan, KG.described_as, Literal("an independent regional power")) in g  # a literal value
    assert (ENT.azerbaijan, KG.part_of, ENT["soviet-union"]) in g  # kennan-005: "a former Soviet republic"
    assert (ENT.azerbaijan, KG.sanctions, ENT.russia) not in g  # negated (raam-182): no direct triple
    assert (ENT.azerbaijan, PREF_LABEL, Literal("Azerbaijan", lang="en")) in g
    assert (ENT["russian-house-baku"], PREF_LABEL, Literal("Russian House in Baku", lang="en")) in g
    assert (KG.closes, PREF_LABEL, Literal("closes", lang="en")) in g
    assert (ENT.azerbaijan, RDF_TYPE, KG.Country) in g
    assert not list(g.triples((None, RDF_SUBJECT, None)))  # no statement nodes
    facts = [(s, p, o) for s, p, o in g if str(p).startswith(str(KG))]
    assert facts and all(ENT.azerbaijan in (s, o) for s, _, o in facts)
    ds = real.dataset
    expected = {
        (f.subject, f.relation, str(f.object) if not f.object_is_literal else None)
        for f in ds.facts
        if "azerbaijan" in (f.subject, f.object) and not f.object_is_literal and not f.negated
    }
    got = {
        (str(s)[len(str(ENT)) :], str(p)[len(str(KG)) :], str(o)[len(str(ENT)) :])
        for s, p, o in facts
        if isinstance(o, rdflib.URIRef)
    }
    assert got == expected


def test_timeline_matches_kg_timeline(real, results):
    for params, (actor, since, until) in (
        ({}, (None, None, None)),
        ({"actor": "Aliyev", "since": "2025-01-01"}, ("Aliyev", "2025-01-01", None)),
        ({"until": "2021-06-01"}, (None, None, "2021-06-01")),
        ({"since": "2025", "until": "2025"}, (None, "2025", "2025")),
    ):  # one date syntax
        rs = rows(results, "timeline", **params)
        got = [str(r["statement"])[len(str(STMT)) :] for r in rs]
        expected = [
            f for e in real.timeline(actor, real.fact_filter(since=since, until=until), strict=True) for f in e.facts
        ]
        assert sorted(got) == sorted(f.id for f in expected)
        by_id = {f.id: f for f in expected}  # the same order: by where each date sorts
        keys = [sort_key(by_id[i].date) for i in got]
        assert keys == sorted(keys)
    first = rows(results, "timeline")[0]
    assert sid(first) == "daryo-094" and first["date"] == Literal("1990", datatype=GYEAR)  # Black January
    aliyev = rows(results, "timeline", actor="Aliyev", since="2025-01-01")
    # 2024-12-25/2025-10-09 overlaps 2025; ../2025-01-27 (not after) and ../2025-10-31 sort at their end; raam-250 is
    # the Zelensky–Aliyev meeting of January 2025
    assert ids(aliyev) == [
        "mcbr-056",
        "mcbr-057",
        "raam-250",
        "hpdr-009",
        "mcbr-058",
        "mcbr-008",
        "mcbr-135",
        "mcbr-125",
    ]
    assert set(column(aliyev, "since")) == {Literal("2025-01-01", datatype=DATE)}
    early = rows(results, "timeline", until="2021-06-01")
    assert "daryo-102" in by_statement(early)  # the 2020/2024 peacekeeping mission overlaps the window


def test_demands_addressees_and_answers(results):
    rs = rows(results, "demands", actor="Azerbaijan")
    assert set(column(rs, "actor")) == {ENT.azerbaijan}
    assert {str(r["demand"])[len(str(ENT)) :] for r in rs} == {
        "demand-accountability",
        "demand-acknowledge-guilt",
        "demand-compensation",
        "demand-end-russian-actions-in-karabakh",
        "demand-formal-apology",
        "demand-punish-responsible",
        "demand-reciprocity",
    }  # raam-063: "expectations of reciprocity in bilateral relations"
    answers = {
        (
            str(r["demand"])[len(str(ENT)) :],
            r.get("answerBy"),
            r.get("answer"),
            r.get("answerModality"),
            r.get("answerSource"),
        )
        for r in rs
    }
    raam, mcbr = SRC["raam-fragile-calculated-relationship"], SRC["moscows-confession-bakus-rise"]
    # Putin's words, as MCBR quotes them, offer compensation and a legal assessment
    assert ("demand-compensation", ENT.russia, KG.offers, KG.claimed, mcbr) in answers
    assert ("demand-accountability", ENT.russia, KG.offers, KG.claimed, mcbr) in answers
    assert ("demand-formal-apology", ENT["vladimir-putin"], KG.fulfils, KG.claimed, raam) in answers
    assert ("demand-punish-responsible", None, None, None, None) in answers  # never answered
    assert ("demand-acknowledge-guilt", None, None, None, None) in answers
    offer = next(r for r in rs if r["demand"] == ENT["demand-compensation"] and r.get("answer") == KG.offers)
    assert offer["answerClaimedBy"] == ENT["vladimir-putin"]
    apology = next(r for r in rs if r["demand"] == ENT["demand-formal-apology"])
    assert apology["addressedTo"] == ENT["vladimir-putin"] and apology["answerClaimedBy"] == ENT["ilham-aliyev"]
    guilt = next(r for r in rs if r["demand"] == ENT["demand-acknowledge-guilt"])
    assert guilt["addressedTo"] == ENT.russia and int(guilt["demandSources"]) == 3
    assert len(rs) == len({tuple(sorted(r.items())) for r in rs})  # no duplicate rows
    everyone = rows(results, "demands")
    assert {r["actor"] for r in everyone} == {ENT.azerbaijan, ENT["ilham-aliyev"]}


def test_crash_explanations(results):
    rs = rows(results, "crash-explanations")
    stances = {
        (str(r["explanation"])[len(str(ENT)) :], r["stance"], r.get("by"), r["modality"], r["source"]) for r in rs
    }
    mcbr, raam = SRC["moscows-confession-bakus-rise"], SRC["raam-fragile-calculated-relationship"]
    negated = {sid(r) for r in rs if r.get("negated") == Literal(True)}
    admissions = {sid(r): r for r in rs if r["stance"] == KG.admits}
    assert ("explanation-russian-missiles", KG.admits, ENT["vladimir-putin"], KG.asserted, mcbr) in stances  # mcbr-014
    # what the v1 data had as a denied admission is a negated one: "which Moscow did not admit to"
    assert ("explanation-russian-missiles", KG.admits, ENT.russia, KG.asserted, raam) in stances
    assert "raam-023" in negated and admissions["raam-023"]["by"] == ENT.russia
    # the nine months before Putin's admission, during which he had not admitted it
    assert "mcbr-137" in negated and admissions["mcbr-137"]["date"] == Literal(
        "2024-12-25/2025-10-08", datatype=EDTF_DATE
    )
    assert "mcbr-014" not in negated
    assert ("theory-bird-strike", KG.rejects, ENT["ilham-aliyev"], KG.asserted, SRC["daryo-sudden-rift"]) in stances
    assert ("theory-bird-strike", KG.explains, ENT["russian-media"], KG.claimed, SRC["daryo-sudden-rift"]) in stances
    admitted = [r for r in rs if r["stance"] == KG.admits and r["modality"] == KG.asserted and sid(r) not in negated]
    assert {r["date"] for r in admitted} == {Literal("2025-10-09", datatype=DATE)}
    assert {r["explanation"] for r in admitted} == {ENT["explanation-russian-missiles"]}
    assert ENT["idea-russia-strategic-partner"] not in column(rs, "explanation")  # explains no crash


def test_retaliations_arms_and_dependencies(results):
    retaliations = {(r["by"], r["against"], r["source"], r.get("negated")) for r in rows(results, "retaliations")}
    # RAAM's visa restrictions are now imposes_restrictions_on facts (raam-069 merged into raam-068, raam-071
    # into raam-070); what RAAM says of retaliation is that Baku did not retaliate harshly (raam-244, negated)
    assert retaliations == {
        (ENT.azerbaijan, ENT.russia, SRC["daryo-sudden-rift"], None),
        (ENT.azerbaijan, ENT.russia, SRC["moscows-confession-bakus-rise"], None),
        (ENT.azerbaijan, ENT.russia, SRC["raam-fragile-calculated-relationship"], Literal(True)),
        (ENT.russia, ENT.azerbaijan, SRC["moscows-confession-bakus-rise"], None),
        (ENT["russian-media"], ENT.azerbaijan, SRC["daryo-sudden-rift"], None),
    }
    arms = rows(results, "arms-suppliers", buyer="Baku")
    assert {r["supplier"] for r in arms} == {ENT.israel, ENT.italy, ENT.russia}
    assert {r["buyer"] for r in arms} == {ENT.azerbaijan}
    assert next(r for r in arms if r["supplier"] == ENT.russia)["quote"] == Literal(
        "Meanwhile, Azerbaijan purchases arms from Russia"
    )
    deps = {(str(r["kind"]), r["what"]): r for r in rows(results, "russia-dependencies")}
    assert set(deps) == {
        ("depends on", ENT.azerbaijan),
        ("depends on", ENT.instc),
        ("route via Azerbaijan", ENT.instc),
        ("route via Azerbaijan", ENT["middle-corridor"]),
        ("route via Azerbaijan", ENT["southern-gas-corridor"]),
    }
    assert int(deps[("depends on", ENT.azerbaijan)]["sources"]) == 4
    instc = deps[("route via Azerbaijan", ENT.instc)]
    assert instc["connectsRussia"].toPython() is True and instc["russiaDependsOnIt"].toPython() is True
    assert deps[("route via Azerbaijan", ENT["middle-corridor"])]["connectsRussia"].toPython() is False


def test_facts_per_relation_adds_up_to_every_fact(real, results):
    counted = {str(r["relation"]).rsplit("#", 1)[1]: int(r["facts"]) for r in rows(results, "facts-per-relation")}
    assert counted == dict(Counter(f.relation for f in real.dataset.facts))
    assert sum(counted.values()) == len(real.dataset.facts) and next(iter(counted)) == "described_as"


def test_stated_asks(results):
    assert (
        results[key("stated", {"subject": "Baku", "relation": "closes", "object": "russian-house-baku"})].boolean
        is True
    )
    assert (
        results[key("stated", {"subject": "Russia", "relation": "closes", "object": "russian-house-baku"})].boolean
        is False
    )


# ---------------------------------------------------------------------------------------------------
# The command line


def test_cli_json_is_sparql_results_json(real):
    out = kg(
        real,
        "query",
        "fact-sources",
        "-p",
        "subject=Baku",
        "-p",
        "relation=closes",
        "-p",
        "object=russian-house-baku",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["head"]["vars"][:3] == ["subject", "relation", "object"]
    bindings = data["results"]["bindings"]
    assert len(bindings) == 3  # one statement per source (v2)
    assert {b["source"]["value"] for b in bindings} == {
        str(SRC[s]) for s in ("daryo-sudden-rift", "kennan-russian-house-rift", "moscows-confession-bakus-rise")
    }
    assert bindings[0]["subject"] == {"type": "uri", "value": str(ENT.azerbaijan)}
    assert bindings[0]["sourceTitle"]["xml:lang"] == "en"
    assert bindings[0]["date"] == {"type": "literal", "value": "2024-12-25/2025-02", "datatype": str(EDTF_DATE)}
    assert all("claimedBy" not in b for b in bindings)  # unbound is left out


def test_cli_csv_and_tsv_headers(real):
    out = kg(real, "query", "sources-ranked", "--format", "csv")
    assert out.exit_code == 0, out.output
    table = list(csv.reader(io.StringIO(out.output)))
    assert table[0] == ["source", "sourceTitle", "publisher", "published", "facts", "entities", "attributed"]
    assert table[1][0] == str(SRC["raam-fragile-calculated-relationship"])
    out = kg(real, "query", "sources-ranked", "--format", "tsv")
    lines = out.output.splitlines()
    assert lines[0] == "?source\t?sourceTitle\t?publisher\t?published\t?facts\t?entities\t?attributed"
    assert lines[1].startswith(f"<{SRC['raam-fragile-calculated-relationship']}>\t")


def test_cli_table_shows_labels_and_resolves_metonyms(real):
    out = kg(real, "query", "relations-balance", "--param", "a=Baku", "--param", "b=Moscow")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].split() == [
        "a",
        "b",
        "subject",
        "object",
        "conflictual",
        "cooperative",
        "scored",
        "goldsteinTotal",
        "goldsteinMean",
    ]
    # Baku and Moscow resolved to Azerbaijan and Russia, shown by their labels, not IRIs
    assert lines[2].split()[:4] == ["Azerbaijan", "Russia", "Azerbaijan", "Russia"]
    assert lines[3].split()[:4] == ["Azerbaijan", "Russia", "Russia", "Azerbaijan"]
    assert lines[-1] == "(2 rows)"
    facts = kg(real, "query", "actor-facts", "--param", "actor=Baku")
    assert facts.exit_code == 0, facts.output
    # the header may wrap (13 columns in 120): the first row follows the rule under it
    lines = facts.output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    assert lines[0].split()[:3] == ["actor", "role", "relation"] and rule in (1, 2)
    assert lines[rule + 1].startswith("Azerbai") and str(ENT) not in facts.output
    n = sum(1 for f in real.dataset.facts if "azerbaijan" in (f.subject, f.object))
    assert facts.output.rstrip().endswith(f"({n} rows)")
    as_json = json.loads(kg(real, "query", "actor-facts", "-p", "actor=Baku", "-f", "json").output)
    assert {b["actor"]["value"] for b in as_json["results"]["bindings"]} == {str(ENT.azerbaijan)}


def test_cli_list_shows_every_query_with_title_and_params(real):
    out = kg(real, "query", "--list")
    assert out.exit_code == 0
    for name, q in real.queries().items():
        assert f"{name}: {q.title}\n" in out.output
        for p in q.params.values():
            assert f"--param {p.name}=<{p.kind}>{' (optional)' if p.optional else ''}  {p.doc}" in out.output
    assert "--param actor=<entity>  The actor (id, label or alias, e.g. Baku)" in out.output
    assert "--param since=<date> (optional)" in out.output


def test_cli_errors_exit_2_with_what_to_do(real):
    unknown = kg(real, "query", "actor-fact")
    assert unknown.exit_code == 2
    assert "unknown query 'actor-fact'" in unknown.output and "did you mean actor-facts" in unknown.output
    assert all(name in unknown.output for name in real.queries())
    param = kg(real, "query", "actor-facts", "-p", "who=Baku")
    assert (
        param.exit_code == 2 and "unknown parameter who for query actor-facts; it takes: actor (entity)" in param.output
    )
    missing = kg(real, "query", "fact-sources", "-p", "subject=Baku")
    assert missing.exit_code == 2 and "needs --param relation=VALUE" in missing.output
    relation = kg(real, "query", "fact-sources", "-p", "subject=Baku", "-p", "relation=close", "-p", "object=Moscow")
    assert (
        relation.exit_code == 2
        and "--param relation=close: unknown relation 'close' (did you mean 'closes'?)" in relation.output
    )
    syntax = kg(real, "query", "SELECT ?s\nWHERE { ?s kg:closes }")
    assert syntax.exit_code == 2 and "syntax error at line 2, column" in syntax.output
    date = kg(real, "query", "timeline", "-p", "since=2025-13")
    assert date.exit_code == 2 and "--param since=2025-13: '2025-13': month must be 01-12" in date.output


def test_cli_parameter_need_not_be_selected(real, tmp_path):
    """Parameters are bound by a VALUES block, locally as on an endpoint, so a query need not select them."""
    rq = tmp_path / "unselected.rq"
    rq.write_text("# param: x entity  Someone\nSELECT DISTINCT ?o WHERE { ?x kg:closes ?o } ORDER BY ?o\n")
    out = kg(real, "query", str(rq), "-p", "x=Baku", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["o", str(ENT["rossotrudnichestvo"]), str(ENT["russian-house-baku"])]


def test_cli_ask_prints_yes_or_no_with_exit_status(real):
    yes = kg(real, "query", "stated", "-p", "subject=Baku", "-p", "relation=closes", "-p", "object=russian-house-baku")
    assert (yes.exit_code, yes.output) == (0, "yes\n")
    no = kg(real, "query", "stated", "-p", "subject=Moscow", "-p", "relation=closes", "-p", "object=russian-house-baku")
    assert (no.exit_code, no.output) == (1, "no\n")


def test_cli_construct_prints_turtle(real, results):
    out = kg(real, "query", "neighbourhood", "-p", "actor=Baku")
    assert out.exit_code == 0, out.output
    assert "@prefix kg: <https://w3id.org/actor-kg/ns#> ." in out.output
    g = rdflib.Graph().parse(data=out.output, format="turtle")
    assert set(g) == set(results[key("neighbourhood", {"actor": "Baku"})].graph)


def test_cli_reads_the_query_from_stdin(real):
    out = kg(
        real,
        "query",
        "-",
        "--format",
        "csv",
        input="SELECT ?s WHERE { ?s kg:closes ent:russian-house-baku } ORDER BY ?s LIMIT 1\n",
    )
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["s", str(ENT.azerbaijan)]


def test_cli_table_wraps_long_cells_instead_of_cutting_them(real):
    out = kg(
        real,
        "query",
        "SELECT ?source ?quote WHERE { ?s rdf:predicate kg:closes ; rdf:object ent:russian-house-baku ; "
        "kg:quote ?quote ; prov:wasDerivedFrom ?source }",
        "--width",
        "80",
    ).output
    assert max(len(line) for line in out.splitlines()) <= 80
    words = " ".join(out.split())  # every word of every quote is there, wrapped within its column
    for f in real.dataset.facts:
        if f.relation == "closes" and f.object == "russian-house-baku":
            assert all(word in words for word in f.quote.split()), f.id
    assert "\u2026" not in out


@pytest.mark.parametrize(
    "query, said",
    [
        (
            "SELEC ?s WHERE { ?s ?p ?o }",
            "line 1, column 1: 'SELEC' is not a SPARQL keyword; did you mean SELECT?\n  SELEC",
        ),
        ("SELECT ?s WHERE { ?s kg:closes ?o ", "the query ends here; expected"),
        (
            "SELECT ?s\nWHERE { ?s kg:closes }",
            "line 2, column 22: unexpected '}'; expected a term (a variable, an IRI or a literal)",
        ),
    ],
)
def test_syntax_errors_in_plain_words_with_a_caret(real, query, said):
    out = kg(real, "query", query)
    assert out.exit_code == 2 and said in out.output
    lines = out.output.rstrip("\n").splitlines()
    caret = lines[-1]
    assert caret.strip() == "^" and lines[-2].startswith("  ")  # the caret stands under the place in the query's line
    column = int(re.search(r"column (\d+)", out.output)[1])
    assert caret.index("^") == 2 + column - 1
