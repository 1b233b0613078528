"""Our components the spaCy way: declared attributes, and a pipeline that saves and reloads whole."""

from __future__ import annotations

import pytest
import spacy

from pressextract import nlp as nlp_module
from pressextract.clean import clean
from pressextract.components.triggers import TriggerMatcher
from pressextract.pipeline import build_records

RELEASES = [
    """Acme Opens Plant in Suva

SUVA, Fiji, June 3, 2024 /Newswire/ -- Acme Ltd. opened a packaging plant with 150 workers on Monday,
together with the Seoul Human Resource Development Center (SHRDC). Chief Executive Mary Lowe said
the $8 million plant will serve 12 islands.
""",
    """Harbor Bank and Orbita Labs sign payments agreement

NEW YORK, Sept. 14, 2022 -- Harbor Bank signed a memorandum of understanding with Orbita Labs on
Tuesday in New York. About 40 engineers from both companies will train 300 merchants in Boston, Mass.,
the partners said. The agreement was funded by the Kestrel Foundation.
""",
    """WeGO holds smart city training in Seoul

SEOUL - The World Smart Sustainable Cities Organization (WeGO) held a five-day training program for
25 officials from eight (8) cities at the Seoul Big Data Campus on March 29, 2019.
""",
]

OURS = ("pressextract_lines", *nlp_module.COMPONENTS)


def records(nlp, docs=None) -> list[list[str]]:
    cleaned = [clean(text) for text in RELEASES]
    docs = docs if docs is not None else [nlp(c.text) for c in cleaned]
    return [[r.model_dump_json() for r in build_records(doc, c, source=f"r{i}", doc_id=f"r{i}")]
            for i, (doc, c) in enumerate(zip(docs, cleaned))]


def test_analyze_pipes_lists_what_each_component_assigns(nlp):
    analysis = nlp.analyze_pipes()
    for name in OURS:
        assert analysis["summary"][name]["assigns"], name
    assert "doc.spans" in analysis["summary"]["pressextract_triggers"]["assigns"]
    assert "span._.count" in analysis["summary"]["pressextract_counts"]["assigns"]
    for name in ("pressextract_span_repair", "pressextract_name_types", "pressextract_places", "pressextract_people",
                 "pressextract_name_filters", "pressextract_entity_typer"):
        assert analysis["summary"][name]["assigns"] == ["doc.ents"], name
        assert "doc.ents" in analysis["summary"][name]["requires"], name
    assert not [p for name in OURS for p in analysis["problems"][name]]


@pytest.fixture(scope="module")
def saved(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline")
    nlp.to_disk(path)
    return path


def test_saved_pipeline_reloads_with_identical_records(nlp, saved):
    assert (saved / "pressextract_triggers" / "triggers.json").exists()
    assert (saved / "pressextract_entity_typer" / "entities.json").exists()
    reloaded = spacy.load(saved)
    assert reloaded.pipe_names == nlp.pipe_names
    expected = records(nlp)
    assert all(expected)
    assert records(reloaded) == expected
    # nlp_module.build on a saved pipeline adds nothing: the components are already there
    assert nlp_module.build(str(saved)).pipe_names == nlp.pipe_names


@pytest.mark.slow
def test_saved_pipeline_gives_identical_records_with_two_processes(nlp, saved):
    reloaded = spacy.load(saved)
    texts = [clean(text).text for text in RELEASES]
    docs = list(reloaded.pipe(texts, n_process=2, batch_size=1))
    assert records(reloaded, docs) == records(nlp)


def test_pipeline_round_trips_through_bytes(nlp):
    other = nlp_module.build()
    other.get_pipe("pressextract_triggers")._build({"award": {"noun": ["prize"]}})
    other.from_bytes(nlp.to_bytes())
    assert other.get_pipe("pressextract_triggers").lexicon == nlp.get_pipe("pressextract_triggers").lexicon
    assert records(other) == records(nlp)


def _small_lexicon(nlp, name: str) -> dict:
    """Another lexicon for the component `name`, and a fresh component holding it."""
    if name == "pressextract_triggers":
        return {"award": {"noun": ["prize"]}}
    return {**nlp.get_pipe(name).lexicon, "titles": ["mayor"], "person_titles": ["mayor"], "apposition_titles": ["mayor"]}


def _fresh(nlp, name: str, lexicon: dict):
    component = nlp.get_pipe(name)
    return TriggerMatcher(nlp, lexicon) if name == "pressextract_triggers" else type(component)(lexicon, component.passes)


@pytest.mark.parametrize("name", ["pressextract_triggers", "pressextract_span_repair", "pressextract_name_types",
                                  "pressextract_places", "pressextract_people", "pressextract_name_filters"])
def test_lexicon_components_honour_exclude(nlp, name, tmp_path):
    component, small = nlp.get_pipe(name), _small_lexicon(nlp, name)
    other = _fresh(nlp, name, small)
    other.from_bytes(component.to_bytes(), exclude=["lexicon"])
    assert other.lexicon == small
    other.from_bytes(component.to_bytes())
    assert other.lexicon == component.lexicon
    component.to_disk(tmp_path / "none", exclude=["lexicon"])
    assert not any((tmp_path / "none").iterdir())
    component.to_disk(tmp_path / "all")
    assert _fresh(nlp, name, small).from_disk(tmp_path / "all", exclude=["lexicon"]).lexicon == small
    assert _fresh(nlp, name, small).from_disk(tmp_path / "all").lexicon == component.lexicon


def test_counts_survive_doc_serialisation(nlp):
    from spacy.tokens import Doc

    doc = nlp("The fund will train 300 merchants for $8 million.")
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [s._.count for s in again.spans["counts"]] == [s._.count for s in doc.spans["counts"]]
    assert [s._.count.unit for s in again.spans["counts"]] == ["merchant", "USD"]
