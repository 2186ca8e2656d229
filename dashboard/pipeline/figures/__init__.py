"""Figures reported in news sentences, in every language with a lexicon, hand-written or from CLDR.

The package is split by job:

* :mod:`.model` - :class:`Quantity` (one figure) and the qualifier codes with their intervals;
* :mod:`.lexicon` - per-language word lists, read from ``lexicons/<code>.toml`` (adding a
  language means adding a file), language inference, thing normalisation;
* :mod:`.cldr` - lexicons built from CLDR for the languages without a file;
* :mod:`.grammar` - language-independent digit and Chinese-numeral parsing;
* :mod:`.id_en` and :mod:`.reader` - the readers (tuned Indonesian/English; lexicon-driven for
  the others);
* :mod:`.context` - the entity and year (period) a figure belongs to;
* :mod:`.aligned` - what a figure counts, from the same figure in sentences aligned with it;
* :mod:`.extract` - the entry points. Comparison lives in :mod:`dashboard.pipeline.discrepancies`.
"""

from dashboard.pipeline.figures.aligned import with_aligned_context
from dashboard.pipeline.figures.extract import extract, extract_sentences
from dashboard.pipeline.figures.lexicon import (
    infer_language,
    known_thing,
    lexicons,
    load_lexicon,
    normalise_thing,
)
from dashboard.pipeline.figures.model import (
    ABOUT_TOLERANCE,
    QUALIFIER_MEANINGS,
    QUALIFIER_WORDS,
    Qualifier,
    Quantity,
    interval,
)
from dashboard.pipeline.figures.scan import MAX_FIGURES

__all__ = [
    "ABOUT_TOLERANCE",
    "MAX_FIGURES",
    "QUALIFIER_MEANINGS",
    "QUALIFIER_WORDS",
    "Qualifier",
    "Quantity",
    "extract",
    "extract_sentences",
    "infer_language",
    "interval",
    "known_thing",
    "lexicons",
    "load_lexicon",
    "normalise_thing",
    "with_aligned_context",
]
