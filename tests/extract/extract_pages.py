"""Small HTML pages written for these tests (Indonesian, invented content).

A plain helper module (tests/ has no packages, so test modules import it by name).
"""

from __future__ import annotations

PARAGRAPHS = [
    "KABARMASA.COM, KOTA BEKASI - Pemerintah Kota Bekasi menggelar rapat koordinasi penanganan "
    "banjir bersama seluruh camat dan lurah di Gedung Pemkot pada Kamis pagi.",
    "Wali Kota Bekasi mengatakan bahwa seluruh pompa air harus siap beroperasi sebelum puncak "
    "musim hujan tiba, terutama di wilayah yang setiap tahun tergenang cukup lama.",
    "Baca juga: Pemkot Bekasi Raih Penghargaan Kota Layak Anak",
    "Dinas Sumber Daya Air juga diminta memeriksa kondisi tanggul dan saluran drainase di "
    "sepanjang Kali Bekasi agar warga merasa lebih aman ketika hujan deras turun.",
    "Rapat tersebut turut dihadiri perwakilan BPBD, Satpol PP, dan unsur kepolisian setempat "
    "yang menyatakan siap membantu evakuasi warga bila diperlukan. (goeng)",
]


def article_html(
    *,
    head: str = "",
    paragraphs: list[str] | None = None,
    h1: str = "Pemkot Bekasi Siagakan Pompa Air Jelang Musim Hujan",
    extra_body: str = "",
    lang: str = "id-ID",
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in (PARAGRAPHS if paragraphs is None else paragraphs))
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        '<nav><a href="/">Beranda</a> <a href="/kategori/pemerintahan">Pemerintahan</a></nav>'
        f"<main><article>{heading}{extra_body}<div class='content'>{body}</div></article></main>"
        "<footer>Hak cipta KabarMasa</footer></body></html>"
    )
