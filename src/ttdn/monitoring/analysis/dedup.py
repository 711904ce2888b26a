"""Same article, several addresses: URL normalisation, stable ids, MinHash near-duplicate clusters.

Provincial stories are syndicated (Báo Lạng Sơn → national portals → aggregators) with new headers,
footers and small edits, so exact hashes miss them. MinHash over 5-word shingles of folded text estimates
Jaccard similarity; LSH banding keeps the comparison close to linear. Seeded, with fixed hash functions, so
ids and clusters are reproducible across runs and machines.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ttdn.core.text import fold

_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|zarsrc|_ga|gidzl|ref|rss)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_HASH = (1 << 64) - 1


@functools.lru_cache(maxsize=4096)
def normalize_url(url: str) -> str:
    """One spelling per article address: https, lower host without www./m./amp., no tracking, no '/'.
    Cached: a poll normalises each item's address several times (its id, its length check, the row)."""
    parts = urlsplit(url.strip())
    original_scheme = (parts.scheme or "https").lower()
    # The same page is served over http and https; keep one.
    scheme = "https" if original_scheme == "http" else original_scheme
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(original_scheme)) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    # AMP variants: /amp/..., .../amp, ...amp.html and ?amp
    path = re.sub(r"^/amp(?=/)", "", path)
    path = re.sub(r"/amp/?$", "/", path)
    path = re.sub(r"\.amp(\.html?)$", r"\1", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(k) and k.lower() not in ("amp", "outputtype")
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def stable_id(value: str, length: int = 16) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:length]


def url_id(url: str) -> str:
    return stable_id(normalize_url(url))


def content_id(text: str) -> str:
    """Exact-duplicate id: the same words in the same order, whatever the tones, case or spacing."""
    return stable_id(" ".join(re.findall(r"[a-z0-9]+", fold(text))))


@functools.lru_cache(maxsize=100_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")


_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)  # splitmix64's finaliser constants
_STEP = 0x100000001B3  # FNV-1a's 64-bit prime: any odd multiplier spreads the words' positions


def _shingle_array(text: str, size: int = 5, *, folded: bool = False, unique: bool = True):
    """64-bit hashes of the 5-word shingles, as a numpy array (duplicates removed unless ``unique`` is off).

    Each word is hashed once (blake2b, cached), the words of a shingle are combined by a polynomial in
    wrapping 64-bit arithmetic and the result mixed with splitmix64's finaliser: stable across processes
    and machines, and a tenth of the cost of one blake2b per shingle.
    """
    import numpy as np

    words = re.findall(r"[a-z0-9]+", text if folded else fold(text))
    if len(words) < size:
        words += [""] * (size - len(words))
    hashes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    count = len(words) - size + 1
    value = hashes[:count].copy()
    step = np.uint64(_STEP)
    for offset in range(1, size):
        value = value * step + hashes[offset : offset + count]
    value ^= value >> np.uint64(30)
    value *= np.uint64(_MIX[0])
    value ^= value >> np.uint64(27)
    value *= np.uint64(_MIX[1])
    value ^= value >> np.uint64(31)
    return np.unique(value) if unique else value


def shingles(text: str, size: int = 5) -> set[int]:
    return {int(v) for v in _shingle_array(text, size)}


class MinHasher:
    """MinHash by multiply-add permutations of the 64-bit shingle hashes.

    The shingle hashes are already uniformly mixed, so ``x ↦ a·x + b mod 2^64`` with an odd ``a`` (a
    bijection) is enough for the minimum to be a fair sample; it is two numpy operations, where the
    earlier ``(a·x + b) mod (2^61 − 1)`` needed fifteen. Signatures from before 2026-12-07 were made the
    earlier way; migration ``monitoring.0010`` recomputed those still inside the clustering window.
    """

    def __init__(self, permutations: int = 128, seed: int = 20260105) -> None:
        rng = random.Random(seed)
        self.params = [(rng.getrandbits(64) | 1, rng.getrandbits(64)) for _ in range(permutations)]

    def signature(self, text: str, *, folded: bool = False) -> tuple[int, ...]:
        """min over shingles of (a·x + b) mod 2^64, per permutation: the same numbers as the plain Python
        formula (kept in ``signature_reference``), computed with numpy's wrapping 64-bit arithmetic.
        ``folded``: the text is already ``fold``-ed (the caller has that copy for search anyway)."""
        import numpy as np

        # A repeated shingle cannot change a minimum: the hashes need no de-duplication here.
        x = _shingle_array(text, folded=folded, unique=False)
        if not hasattr(self, "_a"):
            self._a = np.array([a for a, _ in self.params], dtype=np.uint64)[:, None]
            self._b = np.array([b for _, b in self.params], dtype=np.uint64)[:, None]
        values = self._a * x[None, :]
        values += self._b
        return tuple(values.min(axis=1).tolist())

    def signature_reference(self, text: str) -> tuple[int, ...]:
        items = shingles(text)
        return tuple(min((a * x + b) & _MAX_HASH for x in items) for a, b in self.params)

    @staticmethod
    def similarity(a: Sequence[int], b: Sequence[int]) -> float:
        return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


# Stored bands: 42 bands of 3 values (126 of the 128). A pair at Jaccard 0.5 shares a band with
# probability 1 - (1 - 0.5**3)**42 ≈ 0.996 and one at 0.1 only ≈ 0.04, so the clustering threshold, not the
# banding, decides; fewer rows per band than the in-memory clustering keeps the table small.
BAND_ROWS = 3


def band_keys(signature: Sequence[int], rows: int = BAND_ROWS) -> list[int]:
    """One signed 64-bit key per band (band number and its values), stable across processes and versions."""
    keys = []
    for band in range(len(signature) // rows):
        values = ",".join(str(v) for v in signature[band * rows : (band + 1) * rows])
        digest = hashlib.blake2b(f"{band}:{values}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


@dataclass(frozen=True)
class Doc:
    id: str
    text: str


def cluster(
    docs: Iterable[Doc], threshold: float = 0.5, hasher: MinHasher | None = None, rows: int = 2
) -> list[list[str]]:
    """Groups of near-duplicate doc ids (estimated Jaccard ≥ threshold), singletons included.

    LSH: signatures are cut into bands of ``rows`` values; docs sharing a band become candidates, which
    are then checked on the whole signature. Two rows per band make a pair at Jaccard 0.5 a candidate
    almost surely (1 - 0.75**64), so recall is decided by the threshold, not by the banding.
    """
    hasher = hasher or MinHasher()
    docs = list(docs)
    sigs = {d.id: hasher.signature(d.text) for d in docs}
    n = len(hasher.params)
    parent = {d.id: d.id for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple[int, tuple[int, ...]], list[str]] = defaultdict(list)
    for doc_id, sig in sigs.items():
        for band in range(n // rows):
            buckets[(band, sig[band * rows : (band + 1) * rows])].append(doc_id)
    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in checked:
                    continue
                checked.add(pair)
                if MinHasher.similarity(sigs[a], sigs[b]) >= threshold:
                    parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        groups[find(d.id)].append(d.id)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
