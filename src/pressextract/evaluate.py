"""Scoring event records against a labelled corpus.

Reads the corpus gold format (``corpus/gold.jsonl``, see ``corpus/GUIDELINES.md``) and the
devset format (``gold.json`` keyed by document id, texts in ``docs/``). Facts are compared per
document: strict matching needs the same normalised name (any alias); lenient matching, and so
every reported P/R/F1 and the overall figure, is the reference scorer's
(``../shared/devset/score.py``): the same normalised name or token overlap (Jaccard >= 0.6), so an
acronym or a possessive counts only when the gold lists it as an alias. Overall is the mean of the
entity macro F1 (lenient), main-type accuracy, publication-date accuracy and main-date accuracy.

Splits: the corpus gives each document its split (``dev`` or ``test``); the devset is split by
document id (:func:`devset_split`). ``all`` selects every document (:func:`select_split`).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .schema import BadLine, read_records

ENTITY_FIELDS = ("places", "organizations", "people", "facilities", "counts")
FIELDS = (*ENTITY_FIELDS, "types", "roles")
_CURRENCY_ALIASES = {"$": {"$", "usd", "dollar", "dollars", "us$"}}


# The devset (../shared/devset) is split once, by document id: d01-d37 are `tune` (rules may be
# fitted to them), d38 onwards `check` (measured, never tuned on). See ../shared/README.md.
DEVSET_TUNE_LAST = 37
# Every split name a gold can have: the corpus's dev/test, the devset's tune/check, and all.
SPLITS = ("dev", "test", "tune", "check", "all")


def devset_split(doc_id: str) -> str | None:
    """The devset split of a document id: "d07" -> "tune", "d41" -> "check"; None when the id is
    not a devset one (such documents are scored only with ``--split all``)."""
    number = re.fullmatch(r"d(\d+)", doc_id)
    if number is None:
        return None
    return "tune" if int(number.group(1)) <= DEVSET_TUNE_LAST else "check"


@dataclass
class GoldDoc:
    id: str
    path: Path | None
    lang: str = "en"
    split: str | None = "dev"
    published: str | None = None
    main_type: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    main_date: str | None = None
    places: list[list[str]] = field(default_factory=list)
    organizations: list[list[str]] = field(default_factory=list)
    people: list[list[str]] = field(default_factory=list)
    facilities: list[list[str]] = field(default_factory=list)
    counts: list[tuple[float, str]] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    expected_error: str | None = None


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Corpus JSONL (one document per line) or the devset's JSON (documents keyed by id)."""
    path = Path(path)
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = [{"id": k, "file": f"docs/{k}.txt", "split": devset_split(k), **v} for k, v in data.items()]
    docs = []
    for r in rows:
        main_type = r.get("main_type") or []
        docs.append(GoldDoc(
            id=r["id"], path=path.parent / r["file"] if r.get("file") else None,
            lang=r.get("lang", "en"), split=r.get("split", "dev"), published=r.get("published"),
            main_type=main_type if isinstance(main_type, list) else [main_type],
            types=r.get("types") or [], main_date=r.get("main_date"),
            places=_groups(r.get("places")), organizations=_groups(r.get("organizations")),
            people=_groups(r.get("people")), facilities=_groups(r.get("facilities")),
            counts=[(float(v), str(u)) for v, u in r.get("counts") or []],
            roles=[(o, role) for o, role in r.get("roles") or []],
            expected_error=r.get("expected_error") or (f"unsupported language: {r['lang']}"
                                                      if r.get("lang", "en") != "en" else None),
        ))
    return docs


def select_split(docs: list[GoldDoc], split: str) -> list[GoldDoc]:
    """The documents of `split` ("all": every one). ValueError when the gold has no such split,
    naming the splits it has, so that a wrong name never scores an empty set."""
    if split == "all":
        return docs
    chosen = [d for d in docs if d.split == split]
    if not chosen:
        names = sorted({d.split for d in docs if d.split}) + ["all"]
        raise ValueError(f"the gold has no split {split!r}; its splits are: {', '.join(names)}")
    return chosen


def _groups(items) -> list[list[str]]:
    return [[x] if isinstance(x, str) else list(x) for x in items or []]


# -- matching -----------------------------------------------------------------------------
def norm(s: str) -> str:
    """The reference scorer's normalised name (``norm`` of ``../shared/devset/score.py``, line for
    line). Not :func:`pressextract.names.name_key` on purpose: figures must be the scorer's, and
    the two differ (the scorer keeps accents, "&", "." and "-", and possessives as "s")."""
    s = unicodedata.normalize("NFKC", str(s)).lower()
    s = re.sub(r"[®™’'`\"“”]", "", s)
    s = re.sub(r"[^\w\s.,&-]", " ", s)
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return re.sub(r"\s+", " ", s).strip(" .,-")


def _tokens(s: str) -> set[str]:
    return {t for t in re.split(r"[\s.,&-]+", norm(s)) if t and t not in {"the", "of", "and", "for"}}


def same_name(pred: str, gold: str, lenient: bool) -> bool:
    """Strict: the same normalised name. Lenient (the reference scorer's rule): also a token
    overlap (Jaccard) of at least 0.6."""
    p, g = norm(pred), norm(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    if not lenient:
        return False
    tp, tg = _tokens(pred), _tokens(gold)
    return bool(tp and tg) and len(tp & tg) / len(tp | tg) >= 0.6


def match_groups(pred: list[list[str]], gold: list[list[str]], lenient: bool):
    """(matched gold indices, spurious predictions) — duplicates of a gold item are neither."""
    matched: dict[int, list[str]] = {}
    spurious = []
    for pg in pred:
        hit = next((i for i, gg in enumerate(gold) if any(same_name(p, a, lenient) for p in pg for a in gg)), None)
        if hit is None:
            spurious.append(pg)
        else:
            matched.setdefault(hit, pg)
    return matched, spurious


def unit_ok(pred_unit: str, gold_unit: str, lenient: bool) -> bool:
    """Whether a predicted count unit names the gold unit (a head noun, or `$` for money).

    Money: the unit has a `$` or a currency word. Otherwise, lenient (the reference scorer's
    rule): the head noun, singular or plural, is a word of the unit or begins its last word;
    strict: the unit is the head noun alone.
    """
    gold = gold_unit.lower()
    if gold in _CURRENCY_ALIASES:
        return "$" in pred_unit or any(t in _CURRENCY_ALIASES[gold] for t in norm(pred_unit).split())
    words = [w.rstrip("s") for w in re.split(r"[\s-]+", norm(pred_unit)) if w]
    head = gold.rstrip("s")
    if not lenient:
        return words == [head]
    return head in words or bool(words and words[-1].startswith(head))


def match_counts(pred: list[dict], gold: list[tuple[float, str]], lenient: bool):
    matched: dict[int, dict] = {}
    spurious = []
    for c in pred:
        try:
            v = float(c.get("value"))
        except (TypeError, ValueError):
            spurious.append(c)
            continue
        hit = next((i for i, (gv, gu) in enumerate(gold)
                    if abs(v - gv) <= 1e-6 * max(1, abs(gv))
                    and unit_ok(c.get("unit") or c.get("text") or "", gu, lenient)), None)
        if hit is None:
            spurious.append(c)
        else:
            matched.setdefault(hit, c)
    return matched, spurious


# -- scoring ------------------------------------------------------------------------------
@dataclass
class DocResult:
    id: str
    gold: GoldDoc
    records: list[dict]
    error: str | None
    missed: dict[str, list] = field(default_factory=dict)
    spurious: dict[str, list] = field(default_factory=dict)
    matched: dict[str, list] = field(default_factory=dict)
    main_type: str | None = None
    # lenient, per field: (tp, predicted, gold); the names behind each match and miss (for the HTML
    # report: a fact matched through an alias is found in the text by any of its names)
    tallies: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    matched_names: dict[str, list[list[str]]] = field(default_factory=dict)
    missed_names: dict[str, list[list[str]]] = field(default_factory=dict)
    # whether the main type, publication date and main date are right (None: no gold for it)
    checks: dict[str, bool | None] = field(default_factory=dict)


def _pred_groups(records: list[dict], key: str) -> list[list[str]]:
    out = []
    for r in records:
        for it in r.get(key) or []:
            out.append([it["name"], *(it.get("aliases") or [])])
    return out


def score(gold_docs: list[GoldDoc], predictions: dict[str, list[dict]], errors: dict[str, str]) -> dict:
    """Accuracy report: per-field P/R/F1 (strict and lenient), accuracies, confusion, per-doc facts."""
    tallies = {mode: {f: [0, 0, 0] for f in FIELDS} for mode in ("strict", "lenient")}
    acc = Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    events: list[tuple[float, bool]] = []             # (confidence, type among the gold types)
    docs: list[DocResult] = []
    for g in gold_docs:
        recs = predictions.get(g.id, [])
        res = DocResult(g.id, g, recs, errors.get(g.id))
        docs.append(res)
        if g.expected_error:
            acc["error_n"] += 1
            acc["error_ok"] += bool(not recs and res.error and res.error.startswith(g.expected_error))
            continue
        main = next((r for r in recs if r.get("main")), recs[0] if recs else None)
        res.main_type = main.get("event_type") if main else None
        if g.types:
            events += [(float(r.get("confidence") or 0.0), r.get("event_type") in g.types) for r in recs]
        for mode in ("strict", "lenient"):
            lenient = mode == "lenient"
            per_field = {
                "places": (_pred_groups(recs, "locations"), g.places),
                "organizations": (_pred_groups(recs, "organizations"), g.organizations),
                "people": (_pred_groups(recs, "people"), g.people),
                "facilities": (_pred_groups(recs, "facilities"), g.facilities),
                "types": ([[r["event_type"]] for r in recs], [[t] for t in g.types]),
            }
            for f, (pred, gold) in per_field.items():
                matched, spurious = match_groups(pred, gold, lenient=lenient)
                _add(tallies[mode][f], len(matched), len(matched) + len(spurious), len(gold))
                if lenient:
                    res.tallies[f] = (len(matched), len(matched) + len(spurious), len(gold))
                    res.matched[f] = [gold[i][0] for i in matched]
                    res.matched_names[f] = [_unique([*gold[i], *pg]) for i, pg in matched.items()]
                    res.missed[f] = [gg[0] for i, gg in enumerate(gold) if i not in matched]
                    res.missed_names[f] = [list(gg) for i, gg in enumerate(gold) if i not in matched]
                    res.spurious[f] = _unique(p[0] for p in spurious)
            pred_counts = [c for r in recs for c in r.get("counts") or []]
            matched, spurious = match_counts(pred_counts, g.counts, lenient)
            _add(tallies[mode]["counts"], len(matched), len(matched) + len(spurious), len(g.counts))
            if lenient:
                res.tallies["counts"] = (len(matched), len(matched) + len(spurious), len(g.counts))
                res.matched_names["counts"] = [[c["text"]] for c in matched.values() if c.get("text")]
                res.matched["counts"] = [f"{v:g} {u}" for i, (v, u) in enumerate(g.counts) if i in matched]
                res.missed["counts"] = [f"{v:g} {u}" for i, (v, u) in enumerate(g.counts) if i not in matched]
                res.spurious["counts"] = _unique(c.get("text") or f"{c.get('value')} {c.get('unit')}" for c in spurious)
            if g.roles:
                pred_roles = [(o["name"], o.get("aliases") or [], o.get("role")) for o in (main or {}).get("organizations", [])
                              if o.get("role") not in (None, "other")]
                tp = sum(any(role == pr and any(same_name(n, org, lenient) for n in [pn, *pa])
                             for pn, pa, pr in pred_roles) for org, role in g.roles)
                _add(tallies[mode]["roles"], tp, len(pred_roles), len(g.roles))
                if lenient:
                    res.tallies["roles"] = (tp, len(pred_roles), len(g.roles))
        acc["main_n"] += 1
        acc["main_ok"] += res.main_type in g.main_type
        res.checks["main_type"] = res.main_type in g.main_type
        confusion[g.main_type[0] if g.main_type else "-"][res.main_type or "(none)"] += 1
        pub = ((recs[0].get("doc") or {}).get("published") if recs else None) or None
        res.checks["published"] = None
        if g.published:
            res.checks["published"] = bool(pub and str(pub)[:10] == g.published)
            acc["pub_n"] += 1
            acc["pub_ok"] += res.checks["published"]
        elif pub:
            acc["pub_false"] += 1
        res.checks["main_date"] = None
        if g.main_date:
            start = ((main or {}).get("date") or {}).get("start")
            res.checks["main_date"] = bool(start and str(start)[:10] == g.main_date)
            acc["date_n"] += 1
            acc["date_ok"] += res.checks["main_date"]
    report = {"documents": len(gold_docs)}
    for mode in ("strict", "lenient"):
        report[mode] = {f: _prf(*t) for f, t in tallies[mode].items()}
    figures = headline_figures(tallies["lenient"], acc)
    report["main_type_acc"] = figures["main_type_acc"]
    report["published_acc"] = figures["published_acc"]
    report["published_false"] = acc["pub_false"]
    report["main_date_acc"] = figures["main_date_acc"]
    report["errors_as_expected"] = f"{acc['error_ok']}/{acc['error_n']}"
    report["entity_f1_macro"] = figures["entity_f1_macro"]
    report["overall"] = figures["overall"]
    report["accuracy_counts"] = {key: [acc[f"{prefix}_ok"], acc[f"{prefix}_n"]] for prefix, key in _ACCURACIES}
    report["confusion"] = {k: dict(v) for k, v in sorted(confusion.items())}
    report["reliability"] = [{"confidence": c, "events": n, "right": round(right, 3)} for c, n, right in reliability(events)]
    report["docs"] = [{"id": d.id, "main_type": d.main_type, "gold_main_type": d.gold.main_type,
                       "error": d.error, "expected_error": d.gold.expected_error,
                       "missed": d.missed, "spurious": d.spurious, "matched": d.matched,
                       "scores": doc_scores(d)} for d in docs]
    report["_doc_results"] = docs
    return report


# The accuracies of the overall figure: (counter prefix in score's tallies, DocResult.checks key).
_ACCURACIES = (("main", "main_type"), ("pub", "published"), ("date", "main_date"))
INTERVAL_KEYS = ("overall", "entity_f1_macro", "main_type_acc", "published_acc", "main_date_acc")
INTERVAL_LEVEL = 0.9             # the share of bootstrap figures an interval holds ("90% interval")


def headline_figures(entity_tallies: dict[str, list[int]], acc: Counter) -> dict[str, float | None]:
    """The overall figure and its parts from summed tallies: the entity macro F1 (lenient) over
    ENTITY_FIELDS from (tp, predicted, gold) per field, and the accuracies from `acc`'s
    ``main_ok``/``main_n``, ``pub_ok``/``pub_n`` and ``date_ok``/``date_n`` (None without any
    such gold; it counts as 0 in the overall figure)."""
    ratio = lambda ok, n: round(acc[ok] / acc[n], 3) if acc[n] else None  # noqa: E731
    out: dict[str, float | None] = {f"{key}_acc": ratio(f"{prefix}_ok", f"{prefix}_n") for prefix, key in _ACCURACIES}
    macro = round(sum(_prf(*entity_tallies[f])["f1"] for f in ENTITY_FIELDS) / len(ENTITY_FIELDS), 3)
    out["entity_f1_macro"] = macro
    # Added left to right as the reference scorer adds them: floats summed in another order can
    # round the other way (0.876 against its 0.875).
    out["overall"] = round(sum([macro, *(out[f"{key}_acc"] or 0.0 for _, key in _ACCURACIES)]) / 4, 3)
    return out


def intervals(report: dict, samples: int = 1000, level: float = INTERVAL_LEVEL, seed: int = 0) -> dict[str, list[float]]:
    """Percentile bootstrap over documents: for the overall figure and its parts, the range that
    holds `level` of their values over `samples` resamples of the report's documents (as many,
    drawn with replacement, from a fixed seed: the same report gives the same ranges). How far
    the figures could move on another sample of documents like these."""
    docs = [d for d in report["_doc_results"] if not d.gold.expected_error]
    if not docs:
        return {}
    rng = random.Random(seed)
    values: dict[str, list[float]] = {key: [] for key in INTERVAL_KEYS}
    for _ in range(samples):
        tallies = {f: [0, 0, 0] for f in ENTITY_FIELDS}
        acc: Counter = Counter()
        for d in rng.choices(docs, k=len(docs)):
            for f in ENTITY_FIELDS:
                _add(tallies[f], *d.tallies[f])
            for prefix, check in _ACCURACIES:
                if d.checks[check] is not None:
                    acc[f"{prefix}_n"] += 1
                    acc[f"{prefix}_ok"] += bool(d.checks[check])
        for key, value in headline_figures(tallies, acc).items():
            if value is not None:
                values[key].append(value)
    cut = int(samples * (1 - level) / 2)
    ranked = {key: sorted(v) for key, v in values.items() if len(v) > 2 * cut}
    return {key: [v[cut], v[len(v) - 1 - cut]] for key, v in ranked.items()}


SCORED_FIELDS = (*ENTITY_FIELDS, "types")    # the facts a document's misses and false alarms count


def doc_scores(res: DocResult) -> dict:
    """One document's figures: lenient P/R/F1 per field with gold or predictions, the entity F1
    (micro over the entity fields), misses and false alarms (gold facts not found, predicted
    facts not in the gold, over places .. counts and types), the main-type / date checks, and
    `score`: the mean of the entity F1 and each check the gold has (right 1, wrong 0) — the
    document's share of the overall figure. A document that should fail scores 1 when it failed
    with the expected reason, else 0."""
    if res.gold.expected_error:
        ok = bool(not res.records and res.error and res.error.startswith(res.gold.expected_error))
        return {"score": float(ok), "expected_error_ok": ok, "fields": {}, "entity_f1": None,
                "misses": 0, "false_alarms": 0, "checks": {}, "has_errors": not ok}
    fields = {f: _prf(*t) for f, t in res.tallies.items() if t[1] or t[2]}
    tp, npred, ngold = (sum(res.tallies.get(f, (0, 0, 0))[i] for f in ENTITY_FIELDS) for i in range(3))
    entity_f1 = _prf(tp, npred, ngold)["f1"] if npred or ngold else None
    parts = [x for x in (entity_f1, *res.checks.values()) if x is not None]
    misses = sum(res.tallies[f][2] - res.tallies[f][0] for f in SCORED_FIELDS if f in res.tallies)
    false_alarms = sum(res.tallies[f][1] - res.tallies[f][0] for f in SCORED_FIELDS if f in res.tallies)
    return {"score": round(sum(map(float, parts)) / len(parts), 3) if parts else None, "fields": fields,
            "entity_f1": entity_f1, "misses": misses, "false_alarms": false_alarms, "checks": dict(res.checks),
            "has_errors": bool(misses or false_alarms or res.error or False in res.checks.values())}


def reliability(points: list[tuple[float, bool]]) -> list[tuple[float, int, float]]:
    """(confidence, n, fraction right) per distinct confidence value, ascending: how often an
    event given that confidence was right (its type among the gold types of its release)."""
    bins: dict[float, list[bool]] = defaultdict(list)
    for confidence, right in points:
        bins[round(confidence, 2)].append(right)
    return [(c, len(v), sum(v) / len(v)) for c, v in sorted(bins.items())]


def _add(t: list[int], tp: int, npred: int, ngold: int) -> None:
    t[0] += tp
    t[1] += npred
    t[2] += ngold


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "pred": npred, "gold": ngold}


def _unique(items) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


# -- running ------------------------------------------------------------------------------
def read_predictions(path: str | Path) -> tuple[dict[str, list[dict]], list[BadLine]]:
    """Records (extract's JSONL) by document id, and the lines that are not records (FILE:LINE),
    so a wrong file is never scored as no predictions."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    bad: list[BadLine] = []
    for rec in read_records(path, validate=False):
        if isinstance(rec, BadLine):
            bad.append(rec)
        else:
            by_doc[doc_key(rec)].append(rec)
    return by_doc, bad


def doc_key(rec: dict) -> str:
    d = rec.get("doc") or {}
    return Path(str(d.get("source") or d.get("url") or d.get("id") or "")).stem


def run_pipeline(gold_docs: list[GoldDoc], settings=None,
                 texts: dict[str, str] | None = None) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Run the extractor on every gold document: records and error reasons by document id.

    `texts`, when given, receives each document's cleaned text (for the HTML report).
    """
    from .pipeline import Extractor
    from .settings import Settings
    from .sources import read_file

    extractor = Extractor(settings or Settings())
    preds: dict[str, list[dict]] = {}
    errors: dict[str, str] = {}
    for g in gold_docs:
        if g.path is None:
            continue
        result = extractor.process(read_file(g.path, source=str(g.path)))
        if result.error:
            errors[g.id] = result.error
        if texts is not None and result.text:
            texts[g.id] = result.text
        preds[g.id] = [r.model_dump(mode="json") for r in result.records]
    return preds, errors


def cleaned_texts(gold_docs: list[GoldDoc]) -> dict[str, str]:
    """Cleaned texts of gold documents (for reports on given predictions); unreadable ones skipped."""
    from .clean import InputError, clean, decode

    out = {}
    for g in gold_docs:
        if g.path is None or g.expected_error:
            continue
        try:
            out[g.id] = clean(decode(g.path.read_bytes()), html=g.path.suffix.lower() in (".html", ".htm")).text
        except (InputError, OSError):
            continue
    return out


# -- rendering ----------------------------------------------------------------------------
def _markdown(rows: list[list[str]]) -> list[str]:
    """A markdown table: the first row is the header."""
    return ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])] + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def format_table(report: dict, markdown: bool = False) -> str:
    """One report: P/R/F1 per field, the accuracies, the main-type confusion table."""
    rows = [["field", "P", "R", "F1", "strict F1", "tp/pred/gold"]]
    for f in FIELDS:
        le, st = report["lenient"][f], report["strict"][f]
        # A field without gold is not scored ("—"), as on the dashboard: 0.000 would read as a miss.
        scores = [f"{le['p']:.3f}", f"{le['r']:.3f}", f"{le['f1']:.3f}", f"{st['f1']:.3f}"] if le["gold"] else ["—"] * 4
        rows.append([f, *scores, f"{le['tp']}/{le['pred']}/{le['gold']}"])
    lines = []
    if markdown:
        lines += _markdown(rows)
    else:
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    lines.append("")
    summary = [("main_type_acc", report["main_type_acc"]), ("published_acc", report["published_acc"]),
               ("published_false", report["published_false"]), ("main_date_acc", report["main_date_acc"]),
               ("errors_as_expected", report["errors_as_expected"]),
               ("entity_f1_macro", report["entity_f1_macro"]), ("overall", report["overall"])]
    for k, v in summary:
        lines.append(f"- {k}: {v}" if markdown else f"{k}: {v}")
    if report.get("intervals"):
        ranges = ", ".join(f"{k} {lo:.3f}-{hi:.3f}" for k, (lo, hi) in report["intervals"].items())
        line = f"{INTERVAL_LEVEL:.0%} intervals (bootstrap over documents): {ranges}"
        lines.append(f"- {line}" if markdown else line)
    lines.append("")
    types = sorted({t for row in report["confusion"].values() for t in row} | set(report["confusion"]))
    grid = [["gold \\ predicted", *types]]
    grid += [[g, *[str(row.get(t, "")) or "." for t in types]] for g, row in report["confusion"].items()]
    if markdown:
        lines += _markdown(grid)
    else:
        lines.append("main-type confusion (rows: gold, columns: predicted)")
        widths = [max(len(r[i]) for r in grid) for i in range(len(grid[0]))]
        lines += ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in grid]
    if report.get("reliability"):
        lines.append("")
        table = [["confidence", "events", "right"]]
        table += [[f"{b['confidence']:.2f}", str(b["events"]), f"{b['right']:.2f}"] for b in report["reliability"]]
        if markdown:
            lines += _markdown(table)
        else:
            lines.append("reliability of event confidence (right: type among the gold types)")
            widths = [max(len(r[i]) for r in table) for i in range(3)]
            lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in table]
    return "\n".join(lines)


_SUMMARY_ROWS = (("overall", "overall"), ("entity macro F1", "entity_f1_macro"), ("main type", "main_type_acc"),
                 ("publication date", "published_acc"), ("main date", "main_date_acc"))


def format_summary(reports: dict[str, dict]) -> str:
    """Several reports side by side (markdown), one column per set: documents, the overall figure
    and its parts (with the overall figure's interval when every report has :func:`intervals`),
    then lenient F1 per field ("-" where a set has no such facts, gold or predicted)."""
    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    rows = [["", *reports], ["documents", *(str(r["documents"]) for r in reports.values())]]
    rows += [[label, *(cell(r[key]) for r in reports.values())] for label, key in _SUMMARY_ROWS]
    if all(r.get("intervals", {}).get("overall") for r in reports.values()):
        rows.append([f"overall, {INTERVAL_LEVEL:.0%} interval", *("{:.3f}-{:.3f}".format(*r["intervals"]["overall"])
                                                 for r in reports.values())])
    for f in FIELDS:
        scores = [r["lenient"][f] for r in reports.values()]
        rows.append([f"{f} F1", *(cell(x["f1"] if x["gold"] or x["pred"] else None) for x in scores)])
    return "\n".join(_markdown(rows))


def format_errors(report: dict) -> str:
    lines = []
    for d in report["docs"]:
        if d["expected_error"]:
            ok = d["error"] and d["error"].startswith(d["expected_error"])
            if not ok:
                lines.append(f"{d['id']}: expected error {d['expected_error']!r}, got {d['error']!r}")
            continue
        parts = []
        if d["main_type"] not in d["gold_main_type"]:
            parts.append(f"  main type {d['main_type']} (gold {'/'.join(d['gold_main_type'])})")
        for f in ("places", "organizations", "people", "facilities", "counts", "types"):
            if d["missed"].get(f):
                parts.append(f"  missed {f}: {', '.join(map(str, d['missed'][f]))}")
            if d["spurious"].get(f):
                parts.append(f"  spurious {f}: {', '.join(map(str, d['spurious'][f]))}")
        if parts:
            lines.append(f"{d['id']}:")
            lines += parts
    return "\n".join(lines)


def to_json(report: dict) -> str:
    return json.dumps({k: v for k, v in report.items() if not k.startswith("_")}, indent=2, ensure_ascii=False)
