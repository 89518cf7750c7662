"""The sample site's partner-outlet scenario: an article edited in place and one deleted (410 or
404, and gone from the feeds and sitemaps), between two crawls."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from samplesite.server import SampleSite

EDITED = "wali-kota-bekasi-serahkan-penghargaan-sekolah-adiwiyata"
DELETED = "dprd-kota-bekasi-cecar-dinkes-soal-antrean-pasien-rsud"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_edit_and_delete_between_two_crawls() -> None:
    with SampleSite() as site:
        base = site.base_urls["kabarmasa.com"].rstrip("/")
        edited_path = site.edit_article(
            "kabarmasa.com", EDITED, title="Judul Baru", paragraphs=["Isi yang diganti redaksi."]
        )
        status, page = _get(base + edited_path)
        assert status == 200
        assert "Judul Baru" in page
        assert "Isi yang diganti redaksi." in page
        _, sitemap = _get(base + "/sitemap-news.xml")
        deleted_path = site.delete_article("kabarmasa.com", DELETED)
        assert deleted_path in sitemap
        assert _get(base + deleted_path)[0] == 410
        assert deleted_path not in _get(base + "/sitemap-news.xml")[1]
        assert deleted_path not in _get(base + "/berita")[1]
        # The edit survives the deletion's rebuild of the outlet.
        assert "Judul Baru" in _get(base + edited_path)[1]
        wp = site.base_urls["wartabekasi.com"].rstrip("/")
        slug = "sub-pin-polio-digelar-serentak-pemkot-bekasi-sasar-312-ribu-anak"
        path = site.delete_article("wartabekasi.com", slug, status=404)
        assert _get(wp + path)[0] == 404


def test_mistakes_are_named() -> None:
    with SampleSite() as site:
        with pytest.raises(KeyError, match="no article 'nope'"):
            site.edit_article("kabarmasa.com", "nope", title="x")
        with pytest.raises(ValueError, match="404 or 410"):
            site.delete_article("kabarmasa.com", DELETED, status=500)
    with pytest.raises(KeyError, match="start the SampleSite first"):
        SampleSite().delete_article("kabarmasa.com", DELETED)
