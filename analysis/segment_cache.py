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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        return _rejected(path, "is a folder, not a file (remove it to cache this report again)")
    except OSError as exc:
        return _rejected(path, f"cannot be read ({exc.strerror or exc.__class__.__name__})")
    header = len(MAGIC) + _DIGEST_SIZE
    if len(data) < header or not data.startswith(MAGIC):
        return _rejected(path, "is truncated or not a cache entry")
    stored, payload = data[len(MAGIC) : header], data[header:]
    if stored != _checksum(path, payload):
        return _rejected(path, "does not match its checksum (altered or truncated)")
    try:
        tokens = marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:  # a checksum collision or a bug: still not trusted
        return _rejected(path, f"cannot be decoded ({exc})")
    if not isinstance(tokens, tuple) or len(tokens) != count:
        return _rejected(path, "does not match its report")
    return list(tokens)


def _rejected(path: Path, reason: str) -> None:
    logger.warning("segmentation cache entry %s %s; recomputing it", path, reason)
    return None


def store_cached(path: Path, tokens: Sequence[tuple[str, ...]]) -> None:
    """Keep ``tokens`` at ``path`` atomically (a temporary file renamed); a failure only warns."""
    if path.is_dir():  # warned about when it was read
        return
    payload = marshal.dumps(tuple(tokens))
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
