"""A job's review saved once and read by each of its notebooks, instead of being built again in every kernel.

``save`` writes the review (with its interim review and ranking, when the job built them) to the job's
staging folder with Python's pickle, behind a header naming the format and thidua's version, and returns
its SHA-256. A notebook run by the job gets the file and the digest as parameters and ``review`` (or
``interim``) reads it only when the digest matches: a file changed by anyone else is refused before it is
unpickled. A notebook run alone (JupyterLab, papermill) has no file and builds its review from its inputs.
"""

from __future__ import annotations

import hashlib
import pickle
import warnings
from pathlib import Path

from thidua import __version__
from thidua.errors import InputError
from thidua.review.interim import Interim
from thidua.review.review import Review

FORMAT = 1  # raised whenever what is saved changes shape
HEADER = "thidua-review"
FILE = "review.pickle"  # in the job's staging folder, never among the review's files


def save(review: Review, path: Path) -> str:
    """Write ``review`` to ``path`` (a new file); return its SHA-256 for the notebooks to check."""
    data = pickle.dumps((HEADER, FORMAT, __version__, review), protocol=pickle.HIGHEST_PROTOCOL)
    with path.open("xb") as handle:
        handle.write(data)
    return hashlib.sha256(data).hexdigest()


def load(path: str | Path, sha256: str) -> Review:
    """The review saved at ``path``, if its SHA-256 is ``sha256`` and this thidua saved it."""
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InputError("is not the review this job saved (its SHA-256 differs); nothing was read", file=path)
    header, version, made_by, review = pickle.loads(data)
    if (header, version, made_by) != (HEADER, FORMAT, __version__):
        raise InputError(f"was saved by thidua {made_by} (format {version}); build the review again", file=path)
    return review


def review(review_file: str = "", review_sha256: str = "", dataset: str = "", **arguments: str | Path | None) -> Review:
    """A notebook's review: the job's saved one when ``review_file`` is given, else built from ``arguments``.

    ``arguments`` are those of ``Review.load``: the files by role (``plan_path`` …), ``period`` and ``lang``.
    An executed notebook opened again after its job names a file that is gone: it builds its review then.
    """
    if _saved(review_file):
        return load(review_file, review_sha256)
    return Review.load(dataset, **arguments)


def _saved(review_file: str) -> bool:
    """True when the job's saved review is to be read; a file that is gone (the job ended) is said and skipped."""
    if review_file and not Path(review_file).exists():
        warnings.warn(f"{review_file} is gone (its job has ended): the review is built from the files", stacklevel=3)
        return False
    return bool(review_file)


def interim(
    review_file: str = "", review_sha256: str = "", dataset: str = "", **arguments: str | Path | None
) -> Interim:
    """The interim notebook's review: the job's, else built for ``period``.

    Run alone with a year-to-date ``period`` (2023-6T), the review of that period; with none, the review of
    the plan year gives the whole-year figures and the interim review covers the longest year-to-date period
    in the ``ytd`` file.
    """
    if _saved(review_file):
        review = load(review_file, review_sha256)
    else:
        period = arguments.pop("period", None)
        review = Review.load(dataset, period=str(period) if period else None, **arguments)
    if review.interim is None:
        raise InputError("the review has no interim review: give ytd_path (--ytd)", field="ytd_path")
    return review.interim
