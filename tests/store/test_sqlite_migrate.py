"""SQLite schema migrations: files of versions 1 and 2 are upgraded on opening; a version-2 file
(ids of the whole canonical URL) is re-keyed to outlet + path, then rebuilt."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from old_files import version_1_file, version_2_file
from store_samples import WIB, sample_articles
from test_contract_stats import toned_articles

from pantau.models import AgencyRef, Article, article_id
from search_api.query import parse
from search_api.store.base import SearchRequest, ToneCounts
from search_api.store.rekey import rekeyed
from search_api.store.sqlite import SQLiteStore, load_schema


def _version_1_file(path: Path) -> None:
    """A file as schema version 1 left it: version 2 without article_agencies.sentiment."""
    version_1_file(path, toned_articles())


def test_version_2_file_gets_a_cluster_per_article(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    version_2_file(path, [rekeyed(a) for a in toned_articles()])
    with closing(sqlite3.connect(path)) as conn:
        # Written before clustering: no cluster in the documents.
        conn.execute("UPDATE articles SET doc = json_remove(doc, '$.cluster_id')")
        conn.commit()
    with SQLiteStore(path) as store:
        stories = store.search(SearchRequest(size=100, collapse=True))
        assert (stories.total, stories.articles) == (10, 10)
        first = stories.hits[0].article
        assert store.search(SearchRequest(clusters=[first.id])).total == 1
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]
        unset = conn.execute("SELECT count(*) FROM articles WHERE cluster_id IS NULL").fetchone()
        assert unset[0] == 0


def test_version_1_file_is_migrated_and_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_1_file(path)
    with SQLiteStore(path) as store:
        tones = {row.agency: row.tones for row in store.agency_tones(SearchRequest(), 100)}
        assert store.count() == 10
    assert tones["kota-bekasi/pemkot"] == ToneCounts(positive=1, negative=1)
    assert tones["prov-jabar/bpbd"] == ToneCounts(none=1)
    # A repeated agency keeps its first entry's tone, as new writes do.
    assert tones["kota-bekasi/diskominfo"] == ToneCounts(positive=1)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]


def test_migrated_file_matches_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    _version_1_file(old)
    with SQLiteStore(new) as fresh:
        # The old file's ids are re-keyed on the way (2 → 3): the new file gets the new ids.
        fresh.upsert([rekeyed(a) for a in toned_articles()])
    rows, objects = [], []
    for path in (old, new):
        SQLiteStore(path).close()
        with closing(sqlite3.connect(path)) as conn:
            rows.append(conn.execute("SELECT * FROM article_agencies ORDER BY 1, 2").fetchall())
            objects.append(_schema_objects(conn))
    assert rows[0] == rows[1]
    assert objects[0] == objects[1]
    assert ("index", "articles_by_key", ("pk", "cluster_id", "outlet")) in objects[1]
    assert ("index", "article_agencies_agency", ("agency_id", "pk")) in objects[1]


def _schema_objects(conn: sqlite3.Connection) -> set[tuple[str, str, tuple[str, ...]]]:
    """Every table, view, index and trigger by name, an index with its columns (SQLite's own
    statistics aside: ``PRAGMA optimize`` on close adds them as the queries made suggest)."""
    found = set()
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
    ):
        columns: tuple[str, ...] = ()
        if kind == "index":
            columns = tuple(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')"))
        found.add((kind, name, columns))
    return found


def _contents(store: SQLiteStore) -> list[object]:
    """Everything a reader can see, in a comparable form."""
    with store._connection() as conn:
        agencies = conn.execute("SELECT * FROM article_agencies ORDER BY 1, 2").fetchall()
        rollups = [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in ("rollup_articles", "rollup_agencies", "rollup_agency_days")
        ]
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    searches = []
    for q in (None, "banjir", "bekasi -macet", '"wali kota"'):
        result = store.search(SearchRequest(query=parse(q) if q else None, size=50))
        searches.append(
            (result.total, [(h.article.id, h.snippet) for h in result.hits], result.facets)
        )
    articles = [store.get(a.id) for a in _current_samples()]
    return [agencies, rollups, searches, articles]


def _current_samples() -> list[Article]:
    """The samples under ids of the current scheme, so the re-key (2 → 3) leaves them alone and
    the comparison sees the rebuild (3 → 4) only; the re-key has its own tests below."""
    return [rekeyed(a) for a in sample_articles()]


def test_version_2_file_is_rebuilt_like_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    version_2_file(old, _current_samples())
    with SQLiteStore(old) as migrated, SQLiteStore(new) as fresh:
        fresh.upsert(_current_samples())
        assert _contents(migrated) == _contents(fresh)
        with migrated._connection() as conn:
            keys = conn.execute("SELECT pk FROM articles ORDER BY pk").fetchall()
        with fresh._connection() as conn:
            assert conn.execute("SELECT pk FROM articles ORDER BY pk").fetchall() == keys
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]
        doc = conn.execute("SELECT doc FROM articles LIMIT 1").fetchone()[0]
    assert isinstance(doc, bytes)  # compressed, no longer JSON text


# --- 2 → 3: ids become outlet + path --------------------------------------------------------


def _old_id(canonical_url: str) -> str:
    """The id scheme before version 3: a hash of the whole canonical URL."""
    return hashlib.blake2b(canonical_url.encode("utf-8"), digest_size=10).hexdigest()


def _old_article(
    url: str, *, crawled: int, text: str = "Banjir merendam tiga kecamatan."
) -> Article:
    return Article(
        id=_old_id(url),
        url=url,
        canonical_url=url,
        outlet="kabarmasa.com",
        title="Banjir rendam tiga kecamatan",
        text=text,
        published_at=datetime(2026, 11, 3, 9, 0, tzinfo=WIB),
        crawled_at=datetime(2026, 11, crawled, 12, 0, tzinfo=WIB),
        agencies=[AgencyRef(id="kota-bekasi/bpbd", name="BPBD", sentiment="negative")],
    )


OLD_COPIES = [
    # One article stored three times by two demo runs and a share link (old canonicalisation).
    _old_article("http://127.0.0.1:8601/berita/7/banjir", crawled=3),
    _old_article("http://127.0.0.1:8701/berita/7/banjir", crawled=5, text="Banjir merendam."),
    _old_article("https://kabarmasa.com/berita/7/banjir?share=wa", crawled=4),
    # Another article: re-keyed, nothing merged.
    _old_article("https://kabarmasa.com/berita/8/pasar", crawled=4),
]


def _version_2_file(path: Path) -> None:
    """A file as schema version 2 left it: ids of the old scheme, no article_aliases table."""
    version_2_file(path, OLD_COPIES)


def test_version_2_file_is_rekeyed_and_copies_merged(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_2_file(path)
    banjir = article_id("kabarmasa.com", "https://kabarmasa.com/berita/7/banjir")
    pasar = article_id("kabarmasa.com", "https://kabarmasa.com/berita/8/pasar")
    with SQLiteStore(path) as store:
        assert store.count() == 2
        kept = store.get(banjir)
        assert store.get(pasar) is not None
        assert store.existing([a.id for a in OLD_COPIES]) == set()
        # The agency filter and full-text search follow the new ids.
        hits = store.search(SearchRequest(agencies=["kota-bekasi/bpbd"], size=10)).hits
        assert {h.article.id for h in hits} == {banjir, pasar}
        found = store.search(SearchRequest(query=parse("merendam"))).hits
        assert {h.article.id for h in found} == {banjir, pasar}
    assert kept is not None
    # The newest crawl of the three copies is kept, with its URL; the id is in the document too.
    assert kept.url == "http://127.0.0.1:8701/berita/7/banjir"
    assert kept.text == "Banjir merendam."
    with closing(sqlite3.connect(path)) as conn:
        aliases = dict(conn.execute("SELECT old_id, new_id FROM article_aliases").fetchall())
        assert conn.execute("PRAGMA user_version").fetchone()[0] == load_schema()[1]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert aliases == {
        **{a.id: banjir for a in OLD_COPIES[:3]},
        OLD_COPIES[3].id: pasar,
    }


def test_a_rekeyed_file_is_left_alone_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_2_file(path)
    SQLiteStore(path).close()
    with closing(sqlite3.connect(path)) as conn:
        before = conn.execute("SELECT id, doc FROM articles ORDER BY id").fetchall()
    with SQLiteStore(path) as store:
        assert store.count() == 2
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT id, doc FROM articles ORDER BY id").fetchall() == before
