"""pressextract's spaCy components, one module per factory.

Importing this package registers the factories (also exposed through the ``spacy_factories``
entry point, so ``nlp.add_pipe("pressextract_counts")`` works in any spaCy install).
"""

from .acronyms import AcronymDetector, find_abbreviations
from .counts import CountFinder, find_counts, parse_number
from .datelines import DatelineFinder, find_dateline
from .entities import EntityLexicon, EntityPasses
from .entity_typer import EntityTyper
from .headline_typer import HeadlineTyper
from .lines import mark_lines
from .name_filters import NameFilters
from .name_types import NameTypes
from .people import People
from .places import Places
from .span_repair import SpanRepair
from .triggers import TriggerMatcher

__all__ = [
    "AcronymDetector", "find_abbreviations", "CountFinder", "find_counts", "parse_number",
    "DatelineFinder", "find_dateline", "EntityLexicon", "EntityPasses", "EntityTyper", "HeadlineTyper", "NameFilters", "NameTypes", "People", "Places", "SpanRepair", "TriggerMatcher", "mark_lines",
]
