"""pressextract: press releases in, validated JSON event records out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pressextract")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"


def extract(text_or_html, *, url=None, published=None, settings=None):
    """A release (text or HTML) -> list of EventRecord, main event first.

    See :func:`pressextract.pipeline.extract`.
    """
    from .pipeline import extract as _extract
    from .settings import Settings

    return _extract(text_or_html, url=url, published=published, settings=settings or Settings())


__all__ = ["extract", "__version__"]
