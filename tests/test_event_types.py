"""Event types are declared once (``pressextract.schema.EventType``); lexicons are checked against it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import spacy

import pressextract
from pressextract import schema
from pressextract.components.triggers import DEFAULT_LEXICON, TriggerMatcher

from .conftest import ROOT


def test_the_shipped_trigger_lexicon_uses_declared_types_only():
    lexicon = json.loads(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    schema.check_event_types([t for t in lexicon if not t.startswith("_")], "models/triggers.json")
    assert set(schema.EVENT_TYPES) == set(schema.EventRecord.model_fields["event_type"].annotation.__args__)


def test_a_typo_in_a_lexicon_event_type_is_a_clear_error_when_the_pipeline_is_built(tmp_path):
    bad = tmp_path / "triggers.json"
    bad.write_text(json.dumps({"_doc": "comments are not types", "award": {"noun": ["prize"]},
                               "trainig": {"noun": ["course"]}}), encoding="utf-8")
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match=r"trainig.*did you mean 'training'") as err:
        nlp.add_pipe("pressextract_triggers", config={"lexicon_path": str(bad)})
    assert str(bad) in str(err.value) and "award" not in str(err.value).split(";")[0]


def test_a_lexicon_loaded_from_disk_or_bytes_is_checked_too(tmp_path):
    nlp = spacy.blank("en")
    matcher = TriggerMatcher(nlp, {"award": {"noun": ["prize"]}})
    (tmp_path / "triggers.json").write_text(json.dumps({"awards": {"noun": ["prize"]}}), encoding="utf-8")
    with pytest.raises(ValueError, match="'awards'"):
        matcher.from_disk(tmp_path)
    assert matcher.lexicon == {"award": {"noun": ["prize"]}}      # unchanged after the error
    bad = TriggerMatcher(nlp, {"award": {"noun": ["prize"]}})
    bad.lexicon = {"prize": {}}
    with pytest.raises(ValueError, match="'prize'"):
        matcher.from_bytes(bad.to_bytes())


NEW_TYPE_SCRIPT = """
import json, sys
from pressextract import nlp as nlp_module
from pressextract.clean import clean
from pressextract.pipeline import build_records

nlp = nlp_module.build()
nlp.replace_pipe("pressextract_triggers", "pressextract_triggers", config={"lexicon_path": sys.argv[1]})
cleaned = clean(sys.argv[2])
records = build_records(nlp(cleaned.text), cleaned, source="r", doc_id="r")
print(json.dumps([[r.event_type, r.main, r.trigger] for r in records]))
"""

RELEASE = """Kestrel Labs hosts city hackathon in Leeds

LEEDS, England, May 4, 2024 -- Kestrel Labs held a hackathon for 200 students at Leeds Civic Hall on
Saturday, with teams from six universities.
"""


@pytest.mark.slow
def test_a_new_event_type_is_one_edit_in_schema_plus_its_trigger_entry(tmp_path):
    """Add "hackathon" by editing one line of a copy of schema.py and adding its lexicon entry."""
    package = tmp_path / "pressextract"
    shutil.copytree(os.path.dirname(pressextract.__file__), package, ignore=shutil.ignore_patterns("__pycache__"))
    schema_py = package / "schema.py"
    source = schema_py.read_text(encoding="utf-8")
    edited = source.replace('"other": "Event",', '"hackathon": "Event", "other": "Event",')
    assert edited != source
    schema_py.write_text(edited, encoding="utf-8")                       # the one edit
    lexicon = json.loads((ROOT / "models" / "triggers.json").read_text(encoding="utf-8"))
    lexicon["hackathon"] = {"weight": 1.0, "noun": ["hackathon"]}        # its trigger lexicon entry
    lexicon_path = tmp_path / "triggers.json"
    lexicon_path.write_text(json.dumps(lexicon), encoding="utf-8")

    def run(pythonpath: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": pythonpath}
        return subprocess.run([sys.executable, "-c", NEW_TYPE_SCRIPT, str(lexicon_path), RELEASE],
                              capture_output=True, text=True, env=env)

    done = run(str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])[0] == ["hackathon", True, "hackathon"]
    # Without the edit, the same lexicon is refused by name.
    refused = run("")
    assert refused.returncode != 0 and "unknown event type 'hackathon'" in refused.stderr


@pytest.mark.slow
@pytest.mark.parametrize("declared, typo, message", [
    ('"award": "recipient"', '"awards": "recipient"', "unknown event type 'awards' (did you mean 'award'?)"),
    ('_RECEIVING_TYPES = ("award", "funding")', '_RECEIVING_TYPES = ("award", "fundng")', "unknown event type 'fundng'"),
    ('"funding": "funder"', '"funding": "funders"', "unknown role 'funders'"),
])
def test_event_types_and_roles_in_the_event_rules_are_checked_on_import(tmp_path, declared, typo, message):
    """The subject-role table of events.py names only declared event types and roles."""
    package = tmp_path / "pressextract"
    shutil.copytree(os.path.dirname(pressextract.__file__), package, ignore=shutil.ignore_patterns("__pycache__"))
    events_py = package / "events.py"
    source = events_py.read_text(encoding="utf-8")
    assert declared in source
    events_py.write_text(source.replace(declared, typo), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import pressextract.events"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode != 0 and message in done.stderr
