"""The on-disk segmentation cache: the tokens of a report, kept between runs, never trusted blindly.

An entry is ``cache_dir/segment-v2/<k[:2]>/<k>.marshal``, where ``k`` is the SHA-256 of the segmenter's
fingerprint (backend, HMM flag, lexicon, package versions) and the report's sentences.  Its bytes are
:data:`MAGIC`, a BLAKE2b checksum of the key and the payload, then the payload: the token tuples,
``marshal``-ed (fast, and the fingerprint pins the Python version whose format it is).

Why a checksum: ``marshal`` reads whatever valid bytes it is given, so an entry whose tokens were altered (by
a tool, a bad disk, a hand) would silently change every result built on it, and a truncated one may still
parse.  The key is hashed in as well, so an entry copied under another report's name does not pass either.
An entry that fails any check — unreadable, a folder in its place, the wrong header, the wrong checksum, the
wrong number of sentences — is recomputed with a warning naming the file; an entry that cannot be written
(a folder in the way, a full disk) leaves the run going on without it.  The cache is an optimisation: it
never ends a run.  Delete the folder to clear it.

The segmenter's backend choice (``auto``: rjieba where it cuts as jieba does, found by building both
tokenizers and comparing them, ≈ 1 s) is kept the same way, at ``cache_dir/segment-v2/choice/<key>.marshal``
(:attr:`~analysis.segmenter.Segmenter.choice_key`: HMM flag, lexicon, package and Python versions).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

#: Folder of the current format under the cache directory (v1 had no checksum; its entries are not read).
CACHE_FORMAT = "segment-v2"
MAGIC = b"analysis-segment-cache-2\n"
_DIGEST_SIZE = 32


def cache_file(cache_dir: Path, fingerprint: str, texts: Sequence[str]) -> Path:
    """Where the tokens of a report made of ``texts``, cut by a segmenter of ``fingerprint``, are kept."""
    digest = hashlib.sha256(fingerprint.encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\x1e")
    key = digest.hexdigest()
    return cache_dir / CACHE_FORMAT / key[:2] / f"{key}.marshal"


def _checksum(path: Path, payload: bytes) -> bytes:
    return hashlib.blake2b(path.stem.encode() + b"\x00" + payload, digest_size=_DIGEST_SIZE).digest()


def load_cached(path: Path, count: int) -> list[tuple[str, ...]] | None:
    """The ``count`` token tuples kept at ``path``, or None (absent, or failed a check: then a warning)."""
    tokens = _read_entry(path)
    if tokens is None:
        return None
    if not isinstance(tokens, tuple) or len(tokens) != count:
        return _rejected(path, "does not match its report")
    return list(tokens)


def choice_file(cache_dir: Path, key: str) -> Path:
    """Where the segmenter's backend choice for ``key`` (:attr:`~analysis.segmenter.Segmenter.choice_key`)
    is kept: choosing builds both jieba's and rjieba's tokenizers and compares them (≈ 1 s)."""
    return cache_dir / CACHE_FORMAT / "choice" / f"{key}.marshal"


#: The environment variable naming the folder where a run without a cache folder keeps its backend choice
#: (:func:`user_choice_dir`); set empty, none is kept.
CHOICE_DIR_VARIABLE = "REPORT_MINER_CACHE"


def user_choice_dir() -> Path | None:
    """Where a run without ``--cache-dir`` keeps the segmenter's backend choice: ``$REPORT_MINER_CACHE`` if
    set (empty: nowhere), else the user's cache folder (``$XDG_CACHE_HOME``, ``%LOCALAPPDATA%`` on
    Windows, else ``~/.cache``) ``/report-miner``; None when there is no home to put it in.

    Why by default: the choice is a fact about the installed jieba, rjieba and lexicon, not about a corpus
    (its key, :attr:`~analysis.segmenter.Segmenter.choice_key`, holds their versions and the lexicon), and
    making it built jieba's dictionary in a worker while the others cleaned (≈ 1 s of CPU in every run:
    10 % of a run on 10 MB) — as jieba keeps its own dictionary's cache in the temporary folder and
    matplotlib its font list in the user's cache.  A few hundred bytes per lexicon."""
    value = os.environ.get(CHOICE_DIR_VARIABLE)
    if value is not None:
        return Path(value) if value else None
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    if base:
        return Path(base) / "report-miner"
    try:
        return Path.home() / ".cache" / "report-miner"
    except RuntimeError:  # (no home folder known)
        return None


def load_choice(path: Path) -> tuple | None:
    """The choice kept at ``path`` (:meth:`~analysis.segmenter.Segmenter.choice`), or None, checked like
    a report's tokens."""
    choice = _read_entry(path)
    if choice is None:
        return None
    if not (isinstance(choice, tuple) and len(choice) == 3 and choice[0] in ("jieba", "rjieba")):
        return _rejected(path, "is not a backend choice")
    return choice


def store_choice(path: Path, choice: tuple) -> None:
    """Keep a backend choice at ``path`` (atomically; a failure only warns)."""
    _write_entry(path, choice)


def _read_entry(path: Path) -> object | None:
    """The value kept at ``path`` once its header and checksum pass; None if absent or not (a warning)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return _rejected(path, "is a folder, not a file (remove it to cache this again)")
    except OSError as exc:
        return _rejected(path, f"cannot be read ({exc.strerror or exc.__class__.__name__})")
    header = len(MAGIC) + _DIGEST_SIZE
    if len(data) < header or not data.startswith(MAGIC):
        return _rejected(path, "is truncated or not a cache entry")
    stored, payload = data[len(MAGIC) : header], data[header:]
    if stored != _checksum(path, payload):
        return _rejected(path, "does not match its checksum (altered or truncated)")
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:  # a checksum collision or a bug: still not trusted
        return _rejected(path, f"cannot be decoded ({exc})")


def _rejected(path: Path, reason: str) -> None:
    logger.warning("segmentation cache entry %s %s; recomputing it", path, reason)
    return None


def store_cached(path: Path, tokens: Sequence[tuple[str, ...]]) -> None:
    """Keep ``tokens`` at ``path`` atomically (a temporary file renamed); a failure only warns."""
    _write_entry(path, tuple(tokens))


def _write_entry(path: Path, value: object) -> None:
    if path.is_dir():  # warned about when it was read
        return
    payload = marshal.dumps(value)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + _checksum(path, payload) + payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        logger.warning(
            "segmentation cache entry %s cannot be written (%s); going on without it",
            path,
            exc.strerror or exc.__class__.__name__,
        )
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
