"""Finding things: entity search, the relation vocabulary, claims and their corroboration, on the real data."""

from __future__ import annotations

import pytest

from actor_kg import InvalidArgument

from helpers import kg


def test_entities_are_searched_by_name_then_by_similarity(real):
    rows = real.entities("putin")
    assert rows[0].entity.id == "vladimir-putin" and rows[0].facts == max(r.facts for r in rows)
    assert {"putin-visit-to-azerbaijan", "putin-aliyev-meeting-dushanbe-2025"} <= {r.entity.id for r in rows}
    baku = {r.entity.id: r.matched for r in real.entities("BAKU")}
    assert baku["azerbaijan"] == "Baku"  # matched by an alias, and says which
    assert real.entities("Petriashvily")[0].entity.id == "alex-petriashvili"  # a misspelling finds the similar name
    assert real.entities("zzzz") == []


def test_entities_of_a_type_by_id_or_label(real):
    people = {r.entity.id for r in real.entities(entity_type="Person")}
    assert people == {r.entity.id for r in real.entities(entity_type="person")}
    assert {"vladimir-putin", "ilham-aliyev"} <= people and "russia" not in people
    with pytest.raises(InvalidArgument, match="unknown entity type 'Persn' \\(did you mean 'Person'"):
        real.entities(entity_type="Persn")
    out = kg(real, "entities", "--type", "Country", "--limit", "2")
    assert (
        out.exit_code == 0
        and out.output.splitlines()[2].split()[0]
        == max((r for r in real.entities(entity_type="country")), key=lambda r: r.facts).entity.id
    )
    assert len(out.output.splitlines()) == 4


def test_the_unknown_name_hint_points_to_entity_search(real):
    out = kg(real, "show", "Nobody at all")
    assert out.exit_code == 2 and "`kg entities TEXT` searches the names" in out.output


def test_relations_lists_the_vocabulary_with_counts(real):
    rows = {r.relation.id: r for r in real.relations()}
    assert set(rows) == set(real.dataset.relations)
    assert rows["closes"].facts == sum(1 for f in real.dataset.facts if f.relation == "closes") == 4
    out = kg(real, "relations").output
    line = next(x for x in out.splitlines() if x.startswith("closes "))
    assert line.split() == ["closes", "closes", "conflictual", "entity", "160", "-4.0", "4"]


def test_relation_and_type_query_parameters_take_labels(real):
    by_label = real.query("entities-of-type", {"type": "Person"}).rows
    assert by_label and by_label == real.query("entities-of-type", {"type": "person"}).rows

    def stated(relation: str, obj: str) -> bool | None:
        return real.query("stated", {"subject": "Russian House", "relation": relation, "object": obj}).boolean

    assert stated("is an agency of", "Russia") is True and stated("agency_of", "Russia") is True  # label or id
    assert stated("is an agency of", "Azerbaijan") is False
    out = kg(real, "query", "entities-of-type", "-p", "type=Persn")
    assert out.exit_code == 2 and "--param type=Persn: unknown entity type 'Persn'" in out.output


def test_claims_once_with_every_source_and_the_single_source_ones(real):
    claims = real.claims()
    closure = next(c for c in claims if c.facts[0].relation == "closes" and c.facts[0].object == "russian-house-baku")
    assert closure.sources == ["daryo-sudden-rift", "kennan-russian-house-rift", "moscows-confession-bakus-rise"]
    assert [len(c.sources) for c in claims] == sorted((len(c.sources) for c in claims), reverse=True)
    single = real.claims(single_source=True)
    assert single and all(len(c.sources) == 1 for c in single) and closure not in single
    assert all(
        real.dataset.relations[c.facts[0].relation].polarity != "neutral"
        or real.dataset.relations[c.facts[0].relation].cameo
        for c in claims
    )  # key claims: events and stances, not positions
    out = kg(real, "claims", "--relation", "closes").output
    assert "Azerbaijan \u2014closes\u2192 Russian House in Baku  [3 sources]" in out and "[kennan-037]" in out


def test_min_sources_keeps_corroborated_facts_only(real):
    corroborated = real.fact_filter(min_sources=3)
    view = real.show("Russian House in Baku", corroborated)
    assert view.incoming and all(f.sources >= 3 for f in view.incoming)
    assert all(f.sources >= 3 for e in real.timeline("Azerbaijan", corroborated) for f in e.facts)
    out = kg(real, "path", "Nikolai Valuev", "Ilham Aliyev", "--min-sources", "4")
    assert out.exit_code == 1 and "stated by at least 4 sources" in out.output


def test_show_lists_newest_first_and_limits_each_kind(real):
    view = real.show("Russia")
    dated = [f for f in view.outgoing if f.date]
    assert dated == view.outgoing[: len(dated)]  # the dated first
    from actor_kg.analysis.timeline import sort_key

    keys = [sort_key(f.date) for f in dated]
    assert keys == sorted(keys, reverse=True)
    limited = real.show("Russia", limit=2)
    assert limited.outgoing == view.outgoing[:2] and limited.totals == (
        len(view.outgoing),
        len(view.incoming),
        len(view.claims),
    )
    out = kg(real, "show", "Russia", "--limit", "1").output
    assert f"facts about it (1 of {len(view.outgoing)}):" in out
