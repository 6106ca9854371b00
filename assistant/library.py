"""Library: which articles the index holds, and the original files they were read from.

The corpus is the files of ``seeds_dir`` (the initial corpus) plus the files users added,
minus the articles they removed. An added file's bytes are kept content-addressed under
``<store>/originals/<sha256><suffix>``, and a small manifest per index
(``<store>/library/<collection>.json``) records each addition (its id, original name, the
metadata the user gave, when) and each removed seed, so ``assistant index --rebuild``
reproduces the same corpus. The manifest is written whole to a temporary file and renamed:
a crash leaves the old or the new manifest, never half of one. Writers hold the index lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .formats import SUFFIXES
from .ingest import Article, SkippedFile, article_from_bytes, load_articles
from .lexicon import Lexicon
from .settings import Settings

EDITABLE_FIELDS = ("title", "province", "date", "outlet")
DATE_RE = re.compile(r"^(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d\d$")


@dataclass
class Addition:
    id: str
    original: str  # file name under <store>/originals
    source: str  # the file name the user gave
    added_at: str  # ISO time, UTC
    overrides: dict[str, str] = field(default_factory=dict)  # title, province, date, outlet the user set


@dataclass
class Refusal:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Listed:
    """One indexed article, as ``assistant list`` and the page's "Bài viết" tab show it."""
    id: str
    title: str
    province: str
    date: str
    outlet: str
    source: str
    chunks: int
    figures: int
    added_at: str | None  # None: from the seeds folder

    def to_dict(self) -> dict:
        return asdict(self)


def list_articles(store, figures: list, library: "Library") -> list[Listed]:
    chunks = Counter(c.article_id for c in store.chunks.values())
    counts = Counter(f.doc for f in figures)
    listed = [Listed(a.id, a.title, a.province, a.date, a.outlet, a.source, chunks[a.id], counts[a.id],
                     library.added_at(a.id)) for a in store.articles.values()]
    by_id = sorted(listed, key=lambda a: a.id)
    return sorted(by_id, key=lambda a: a.added_at or "", reverse=True)  # latest additions first, then the seeds


class Library:
    def __init__(self, settings: Settings, lexicon: Lexicon):
        self.settings = settings
        self.lexicon = lexicon
        self.originals_dir = Path(settings.store_dir) / "originals"
        self.manifest_path = Path(settings.store_dir) / "library" / f"{settings.collection}.json"
        manifest = json.loads(self.manifest_path.read_text("utf-8")) if self.manifest_path.exists() else {}
        self.additions = [Addition(**a) for a in manifest.get("added", [])]
        self.removed_seeds: list[str] = manifest.get("removed_seeds", [])
        self._orphans: list[Path] = []  # originals to delete once the manifest no longer names them

    # -- reading the corpus ----------------------------------------------------------------
    def articles(self) -> tuple[list[Article], list[str]]:
        """Every article of the corpus, and one warning per file that could not be read."""
        seeds, warnings = load_articles(self.settings.seeds_dir, self.lexicon) \
            if Path(self.settings.seeds_dir).is_dir() else ([], [])
        articles = [a for a in seeds if a.id not in self.removed_seeds]
        for addition in self.additions:
            try:
                articles.append(self._read_addition(addition))
            except (SkippedFile, OSError) as err:
                warnings.append(f"skipped added article {addition.id} ({addition.source}): {err}")
        return articles, warnings

    def added_at(self, article_id: str) -> str | None:
        return next((a.added_at for a in self.additions if a.id == article_id), None)

    def _read_addition(self, addition: Addition) -> Article:
        data = (self.originals_dir / addition.original).read_bytes()
        return with_overrides(article_from_bytes(data, addition.source, addition.id, self.lexicon), addition.overrides)

    # -- changing it -------------------------------------------------------------------------
    def add(self, files: list[tuple[str, bytes]], current: list[Article], overrides: dict[str, str] | None = None,
            progress=lambda message: None) -> tuple[list[Article], list[Refusal]]:
        """Read each ``(name, bytes)``; keep the readable ones that are not already in ``current``
        (or earlier in ``files``), store their originals and record them. Nothing is written for a
        refused file. Call ``save()`` to make the additions durable."""
        overrides = clean_overrides(overrides or {})
        texts = {_text_key(a): a for a in current}
        added: list[Article] = []
        refused: list[Refusal] = []
        for n, (name, data) in enumerate(files, 1):
            name = Path(name).name or "article.txt"
            progress(f"Reading file {n}/{len(files)}: {name}")
            digest = hashlib.sha256(data).hexdigest()
            article_id = self._new_id(name, digest)
            try:
                article = with_overrides(article_from_bytes(data, name, article_id, self.lexicon), overrides)
            except SkippedFile as err:
                refused.append(Refusal(name, str(err)))
                continue
            same = texts.get(_text_key(article))
            if same is not None:
                refused.append(Refusal(name, f"the same article is already indexed as {same.id} (“{same.title}”)"))
                continue
            original = f"{digest}{Path(name).suffix.lower()}"
            self.originals_dir.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.originals_dir / original, data)
            self.additions.append(Addition(article_id, original, name, _now(), overrides))
            texts[_text_key(article)] = article
            added.append(article)
        return added, refused

    def remove(self, article_ids: list[str], current: list[Article]) -> tuple[list[str], list[Refusal]]:
        """Take articles out of the corpus: the ids removed and the unknown ids refused. The originals
        of removed additions are deleted by ``save()`` once no other addition uses them."""
        known = {a.id for a in current}
        wanted = list(dict.fromkeys(article_ids))  # each id once, in the order given
        refused = [Refusal(i, "no article with this id (see `assistant list`)") for i in wanted if i not in known]
        gone = [i for i in wanted if i in known]
        added_ids = {a.id for a in self.additions}
        self.removed_seeds += [i for i in gone if i not in added_ids]
        dropped = [a for a in self.additions if a.id in gone]
        self.additions = [a for a in self.additions if a.id not in gone]
        still_used = {a.original for a in self.additions}
        self._orphans += [self.originals_dir / a.original for a in dropped if a.original not in still_used]
        return gone, refused

    def save(self) -> None:
        manifest = {"added": [asdict(a) for a in self.additions], "removed_seeds": self.removed_seeds}
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        for path in self._orphans:
            path.unlink(missing_ok=True)
        self._orphans = []

    def _new_id(self, name: str, digest: str) -> str:
        stem = unicodedata.normalize("NFKD", Path(name).stem).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40] or "article"
        return f"{slug}-{digest[:8]}"


def with_overrides(article: Article, overrides: dict[str, str]) -> Article:
    for key, value in overrides.items():
        setattr(article, key, value)
    return article


def clean_overrides(overrides: dict[str, str | None]) -> dict[str, str]:
    """The metadata a user gave, checked: known fields only, stripped, a date as dd/mm/yyyy."""
    cleaned = {k: " ".join(v.split()) for k, v in overrides.items() if k in EDITABLE_FIELDS and v and v.strip()}
    if "date" in cleaned and not DATE_RE.match(cleaned["date"]):
        raise ValueError(f"date “{cleaned['date']}” is not dd/mm/yyyy")
    return cleaned


def accepts(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES


def _text_key(article: Article) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", article.text).strip().encode()).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
