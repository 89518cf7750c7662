"""The `pantau` command in subprocesses, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from auth_helpers import token_for


def pantau(
    *args: str, cwd: Path, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    return subprocess.run(
        [sys.executable, "-m", "pantau_cli", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    done = pantau("--help", cwd=tmp_path)
    assert done.returncode == 0
    for command in ("demo", "crawl", "serve", "extract", "tag", "search"):
        assert command in done.stdout


@pytest.mark.slow
def test_demo_once_then_search_and_serve_see_the_same_data(tmp_path: Path) -> None:
    done = pantau("demo", "--once", "--json", "--site-port", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["articles"] >= 40
    assert summary["outlets"] >= 4
    assert summary["agencies"] >= 10
    assert summary["rejected"] == {"too_short": 1}  # the sample site's one editorial notice
    assert (tmp_path / "var" / "pantau.db").is_file()

    found = pantau("search", "bekasi", "--json", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    result = json.loads(found.stdout)
    assert result["total"] >= 10
    assert len({h["outlet"] for h in result["hits"]}) >= 3

    bad = pantau("search", '"unclosed', cwd=tmp_path)
    assert bad.returncode == 2
    assert "position 0" in bad.stderr


@pytest.mark.slow
def test_serve_answers_search(tmp_path: Path) -> None:
    assert pantau("demo", "--once", "--site-port", "0", cwd=tmp_path).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "pantau_cli", "serve", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        base = line.split("http://", 1)[1].split("/", 1)[0]
        body: dict[str, Any] = {}
        # Every page needs a login or a token: one for a user of this installation.
        auth = {"Authorization": f"Bearer {token_for(tmp_path / 'var')}"}
        for _ in range(50):
            try:
                search = urllib.request.Request(f"http://{base}/api/search?q=bekasi", headers=auth)
                with urllib.request.urlopen(search, timeout=5) as response:
                    body = json.load(response)
                break
            except OSError:
                import time

                time.sleep(0.2)
        assert body["total"] >= 10
        assert "<mark>" in "".join(h["snippet"] for h in body["hits"])
        # The same server serves the web UI at the address it printed first.
        assert line.startswith("Web UI: ")
        ui = urllib.request.Request(f"http://{base}/?q=bekasi", headers=auth)
        with urllib.request.urlopen(ui, timeout=5) as response:
            page = response.read().decode("utf-8")
        assert '<html lang="id"' in page
        assert f"{body['total']} berita ditemukan" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
        assert server.stdout is not None
        server.stdout.close()


HTML = """<html lang="id"><head><title>Pemkot Bekasi Gelar Rapat | Kabar</title>
<meta property="og:site_name" content="Kabar">
<meta property="article:published_time" content="2023-11-09T14:30:00+07:00"></head>
<body><article><h1>Pemkot Bekasi Gelar Rapat</h1>
<p>KOTA BEKASI - Pemerintah Kota Bekasi menggelar rapat koordinasi penanganan banjir bersama
seluruh camat dan lurah di ruang rapat wali kota pada Kamis pagi kemarin.</p>
<p>Baca Juga: Banjir Rendam Perumahan</p>
<p>Rapat membahas kesiapan pompa air, tanggul darurat, posko pengungsian dan logistik bagi warga
yang rumahnya terdampak genangan di sejumlah kelurahan di wilayah timur kota.</p>
<p>Wali Kota meminta seluruh perangkat daerah siaga selama musim hujan dan segera melapor jika
terdapat titik genangan baru yang belum tertangani oleh petugas di lapangan. (goeng)</p>
</article></body></html>"""


def test_extract_prints_the_article_fields(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    done = pantau(
        "extract",
        str(page),
        "--url",
        "https://kabar.example/berita/1?utm_source=x",
        "--json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["title"] == "Pemkot Bekasi Gelar Rapat"
    assert data["published_at"] == "2023-11-09T14:30:00+07:00"
    assert data["location"] == "Kota Bekasi"
    assert data["author"] == "goeng"
    assert data["canonical_url"] == "https://kabar.example/berita/1"
    assert "Baca Juga" not in data["text"]
    for field in (
        "id",
        "url",
        "outlet",
        "lead",
        "editor",
        "date_source",
        "section",
        "tags",
        "image_url",
        "language",
        "word_count",
        "crawled_at",
        "agencies",
        "people",
        "quotes",
        "sentiment",
        "cluster_id",
    ):
        assert field in data


def test_extract_without_url_uses_the_files_own_url(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    done = pantau("extract", "page.html", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["url"] == page.resolve().as_uri()
    assert data["canonical_url"] == data["url"]  # it was "https:///" + the local path


def test_extract_rejection_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("", encoding="utf-8")
    done = pantau("extract", str(page), "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert json.loads(done.stdout)["rejected"] == "empty"


def test_tag_json(tmp_path: Path) -> None:
    text = (
        "Pemkot Bekasi dan Pemkab Bekasi menggelar rapat. "
        "Diskominfostandi Kota Bekasi meraih penghargaan."
    )
    done = pantau("tag", "-", "--json", cwd=tmp_path, stdin=text)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    ids = {a["id"] for a in data["agencies"]}
    assert {"kota-bekasi/pemkot", "kab-bekasi/pemkab", "kota-bekasi/diskominfo"} <= ids
    mention = next(a for a in data["agencies"] if a["id"] == "kota-bekasi/pemkot")["mentions"][0]
    assert text[mention["start"] : mention["end"]] == "Pemkot Bekasi"
    assert set(data) == {"agencies", "people", "quotes", "sentiment"}
    assert data["sentiment"]["label"] in ("positive", "neutral", "negative")


def test_tag_jsonl_keeps_ids_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 7, "text": "Pemprov Jabar meresmikan jalan baru."}),
        "not json",
        json.dumps({"id": "b", "text": "Bupati Sumedang ditangkap KPK."}),
        json.dumps({"id": "c"}),
    ]
    done = pantau("tag", "--jsonl", cwd=tmp_path, stdin="\n".join(lines) + "\n")
    assert done.returncode == 1  # bad lines are reported, the good ones still tagged
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == [7, None, "b", "c"]
    assert out[0]["agencies"][0]["id"] == "prov-jawa-barat/pemprov"
    assert "error" in out[1]
    assert out[2]["agencies"][0]["id"] == "kab-sumedang/pemkab"
    assert "error" in out[3]


def test_tag_with_a_users_agencies_file(tmp_path: Path) -> None:
    (tmp_path / "agencies.yaml").write_text(
        "bodies:\n  kota-bekasi/rsud: [RSUD CAM]\n", encoding="utf-8"
    )
    text = "Pasien RSUD CAM terus bertambah."
    plain = json.loads(pantau("tag", "-", "--json", cwd=tmp_path, stdin=text).stdout)
    assert "kota-bekasi/rsud" not in {a["id"] for a in plain["agencies"]}
    done = pantau("tag", "-", "--json", "--agencies", "agencies.yaml", cwd=tmp_path, stdin=text)
    assert done.returncode == 0, done.stderr
    assert "kota-bekasi/rsud" in {a["id"] for a in json.loads(done.stdout)["agencies"]}


def test_demo_reports_a_busy_site_port(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = pantau("demo", "--once", "--site-port", str(port), cwd=tmp_path)
    assert done.returncode == 2
    assert "--site-port" in done.stderr
    assert "Traceback" not in done.stderr
