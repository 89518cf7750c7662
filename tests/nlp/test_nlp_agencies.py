"""Agency ids on a blank pipeline: every variant, Kota vs Kabupaten, context, unknown, negatives."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ids

from nlp.agency_names import AgencyNames
from nlp.pipeline import Tagger
from nlp.regions import Gazetteer, load_regions
from nlp.units import load_units

VOCABULARY = load_units()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemkot Bekasi menggelar apel.", "kota-bekasi/pemkot"),
        ("Pemerintah Kota Bekasi menggelar apel.", "kota-bekasi/pemkot"),
        ("Pemerintah Kota (Pemkot) Bekasi menggelar apel.", "kota-bekasi/pemkot"),
        ("PEMKOT BEKASI menggelar apel.", "kota-bekasi/pemkot"),
        ("Pemko Medan menggelar apel.", "kota-medan/pemkot"),
        ("Pemkab Bekasi menggelar apel.", "kab-bekasi/pemkab"),
        ("Pemerintah Kabupaten Bekasi menggelar apel.", "kab-bekasi/pemkab"),
        ("Pemerintah Kab. Bekasi menggelar apel.", "kab-bekasi/pemkab"),
        ("Pemprov Jabar menggelar apel.", "prov-jawa-barat/pemprov"),
        ("Pemerintah Provinsi Jawa Barat menggelar apel.", "prov-jawa-barat/pemprov"),
        ("Pemprov DKI Jakarta menggelar apel.", "prov-dki-jakarta/pemprov"),
        ("Pemprov Sulsel menggelar apel.", "prov-sulawesi-selatan/pemprov"),
        ("Wali Kota Bekasi hadir.", "kota-bekasi/pemkot"),
        ("Walikota Bekasi hadir.", "kota-bekasi/pemkot"),
        ("Wakil Wali Kota Bekasi hadir.", "kota-bekasi/pemkot"),
        ("Pj Wali Kota Bekasi hadir.", "kota-bekasi/pemkot"),
        ("Pj. Wali Kota Bekasi hadir.", "kota-bekasi/pemkot"),
        ("Plt Bupati Bekasi hadir.", "kab-bekasi/pemkab"),
        ("Bupati Sumedang hadir.", "kab-sumedang/pemkab"),
        ("Wakil Bupati Sumedang hadir.", "kab-sumedang/pemkab"),
        ("Gubernur Jawa Barat hadir.", "prov-jawa-barat/pemprov"),
        ("Pj Gubernur Jabar hadir.", "prov-jawa-barat/pemprov"),
        ("Diskominfostandi Kota Bekasi merilis data.", "kota-bekasi/diskominfo"),
        ("Dinas Komunikasi dan Informatika Kota Bekasi merilis data.", "kota-bekasi/diskominfo"),
        ("Diskominfo Kota Bekasi merilis data.", "kota-bekasi/diskominfo"),
        ("Diskominfo SP Kota Bekasi merilis data.", "kota-bekasi/diskominfo"),
        ("Diskominfosanditik Kabupaten Sumedang merilis data.", "kab-sumedang/diskominfo"),
        ("Diskominfo Sumedang merilis data.", "kab-sumedang/diskominfo"),
        (
            "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Bekasi merilis data.",
            "kota-bekasi/diskominfo",
        ),
        (
            "Dinas Komunikasi dan Informatika (Diskominfo) Kota Bekasi merilis data.",
            "kota-bekasi/diskominfo",
        ),
        ("Dinas Kesehatan Kota Bogor membuka posko.", "kota-bogor/dinkes"),
        ("Dinkes Kab. Bogor membuka posko.", "kab-bogor/dinkes"),
        ("DPRD Jabar menggelar sidang.", "prov-jawa-barat/dprd"),
        ("DPRD Kota Bekasi menggelar sidang.", "kota-bekasi/dprd"),
        ("Satpol PP Kota Bandung menertibkan PKL.", "kota-bandung/satpol-pp"),
        ("BPBD Kabupaten Bandung Barat siaga.", "kab-bandung-barat/bpbd"),
        ("Dishub Kota Bekasi menata parkir.", "kota-bekasi/dishub"),
        ("Disdik Kota Bekasi membuka PPDB.", "kota-bekasi/disdik"),
        ("Sekda Kota Bekasi membuka acara.", "kota-bekasi/setda"),
        ("Bagian Prokopim Setda Kota Bekasi merilis foto.", "kota-bekasi/setda"),
        ("Pemda Bekasi menggelar apel.", "unknown/pemda"),
        ("Pemkot Jakarta Selatan menggelar apel.", "kota-jakarta-selatan/pemkot"),
        ("Pemkab Tanjung Jabung Timur menggelar apel.", "kab-tanjung-jabung-timur/pemkab"),
        ("KPK memeriksa saksi.", "nasional/kpk"),
        ("Kemendagri menerbitkan surat edaran.", "nasional/kemendagri"),
        ("BPH Migas mengawasi distribusi solar.", "nasional/bph-migas"),
        ("BAN-PT memberikan akreditasi unggul.", "nasional/ban-pt"),
    ],
)
def test_variants(tagger: Tagger, text: str, expected: str) -> None:
    assert ids(tagger.tag(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pemkot Bekasi dan Pemkab Bekasi", ["kota-bekasi/pemkot", "kab-bekasi/pemkab"]),
        ("Pemkot Bogor dan Pemkab Bogor", ["kota-bogor/pemkot", "kab-bogor/pemkab"]),
        ("DPRD Kota Bogor dan DPRD Kabupaten Bogor", ["kota-bogor/dprd", "kab-bogor/dprd"]),
        (
            "Pemerintah Kabupaten Bandung, Pemerintah Kabupaten Bandung Barat dan Pemerintah Kota "
            "Bandung",
            ["kab-bandung/pemkab", "kab-bandung-barat/pemkab", "kota-bandung/pemkot"],
        ),
        (
            "Dinkes Kabupaten Bandung, Dinkes Kabupaten Bandung Barat, Dinkes Kota Bandung",
            ["kab-bandung/dinkes", "kab-bandung-barat/dinkes", "kota-bandung/dinkes"],
        ),
        ("Bupati Bandung dan Wali Kota Bandung", ["kab-bandung/pemkab", "kota-bandung/pemkot"]),
        (
            "Bupati Bandung Barat dan Bupati Bandung",
            ["kab-bandung-barat/pemkab", "kab-bandung/pemkab"],
        ),
    ],
)
def test_kota_and_kabupaten_never_conflated(tagger: Tagger, text: str, expected: list[str]) -> None:
    assert ids(tagger.tag(text + ".")) == expected


def test_mentions_are_offsets_into_text(tagger: Tagger) -> None:
    text = "Hari ini Pemkot Bekasi, lewat Diskominfostandi Kota Bekasi, dan Pemkot Bekasi lagi."
    annotation = tagger.tag(text)
    pemkot, diskominfo = annotation.agencies
    assert (pemkot.id, pemkot.name) == ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi")
    assert [(m.start, m.end, m.text) for m in pemkot.mentions] == [
        (9, 22, "Pemkot Bekasi"),
        (64, 77, "Pemkot Bekasi"),
    ]
    assert (diskominfo.id, diskominfo.name) == ("kota-bekasi/diskominfo", "Diskominfo Kota Bekasi")
    for agency in annotation.agencies:
        for mention in agency.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_display_names(tagger: Tagger) -> None:
    annotation = tagger.tag("Pemprov Jabar dan Pemkab Bekasi hadir. Diskominfo dan KPK juga.")
    assert [a.name for a in annotation.agencies] == [
        "Pemerintah Provinsi Jawa Barat",
        "Pemerintah Kabupaten Bekasi",
        "Diskominfo",  # no region in its sentence or context: the generic name
        "Komisi Pemberantasan Korupsi",
    ]


def test_names_of_bare_ids_match_the_tagger() -> None:
    """Pages that show an id without its article (facets, saved filters) use the same names."""
    names = AgencyNames.load()
    assert names.name("kota-bekasi/diskominfo") == "Diskominfo Kota Bekasi"
    assert names.name("kab-bekasi/pemkab") == "Pemerintah Kabupaten Bekasi"
    assert names.name("nasional/kpk") == "Komisi Pemberantasan Korupsi"
    assert names.name("unknown/diskominfo") == "Diskominfo"
    for unknown in ("kota-atlantis/pemkot", "kota-bekasi/kementerian-sihir", "pemkot", ""):
        assert names.name(unknown) is None


def test_tagger_names_come_from_the_same_place(tagger: Tagger) -> None:
    names = AgencyNames.load()
    text = "Pemprov Jabar, Pemkab Bekasi, Dinkes Kota Bogor, BPBD Kabupaten Bandung Barat dan KPK."
    agencies = tagger.tag(text).agencies
    assert len(agencies) == 5
    assert all(agency.name == names.name(agency.id) for agency in agencies)


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("Diskominfo Bekasi merilis data.", {}, "unknown/diskominfo"),
        ("Diskominfo Bekasi merilis data.", {"location": "KOTA BEKASI"}, "kota-bekasi/diskominfo"),
        (
            "Diskominfo Bekasi merilis data.",
            {"location": "Kabupaten Bekasi"},
            "kab-bekasi/diskominfo",
        ),
        ("Diskominfo Bekasi merilis data.", {"location": "Bekasi"}, "unknown/diskominfo"),
        ("Diskominfo Bekasi merilis data.", {"region": "kab-bekasi"}, "kab-bekasi/diskominfo"),
        (
            "Diskominfo Bekasi merilis data.",
            {"location": "Bekasi", "region": "kota-bekasi"},
            "kota-bekasi/diskominfo",
        ),
        ("Pemda Bekasi menggelar apel.", {"region": "kab-bekasi"}, "kab-bekasi/pemkab"),
        ("Dinas Kesehatan membuka posko.", {}, "unknown/dinkes"),
        (
            "Dinas Kesehatan membuka posko.",
            {"location": "Bandung Barat"},
            "kab-bandung-barat/dinkes",
        ),
        ("Dinas Kesehatan membuka posko.", {"location": "Bandung"}, "unknown/dinkes"),
        ("Dinas Kesehatan membuka posko di Kota Bogor.", {}, "kota-bogor/dinkes"),
        (
            "Dinas Kesehatan membuka posko di Kota Bogor.",
            {"location": "Kabupaten Bekasi"},
            "kota-bogor/dinkes",
        ),
        ("Gubernur membuka acara.", {"location": "Kota Bekasi"}, "prov-jawa-barat/pemprov"),
        ("Bupati membuka acara.", {"location": "Kota Bekasi"}, "unknown/pemkab"),
        ("Wali Kota membuka acara.", {"location": "Kota Bekasi"}, "kota-bekasi/pemkot"),
        ("Pemkot Sumedang membuka acara.", {}, "unknown/pemkot"),
    ],
)
def test_context_resolution(
    tagger: Tagger, text: str, kwargs: dict[str, str], expected: str
) -> None:
    assert ids(tagger.tag(text, **kwargs)) == [expected]


def test_same_sentence_wins_over_dateline(tagger: Tagger) -> None:
    text = "Pemkab Bekasi melalui Diskominfo Bekasi merilis data. Dinas Kesehatan membuka posko."
    annotation = tagger.tag(text, location="Kota Bekasi")
    # The dateline says Kota Bekasi, the article's explicit mentions say Kabupaten: a conflict, so
    # the unqualified Dinas Kesehatan stays unknown rather than guessed.
    assert ids(annotation) == ["kab-bekasi/pemkab", "kab-bekasi/diskominfo", "unknown/dinkes"]


def test_dateline_and_dominant_region_agree(tagger: Tagger) -> None:
    text = "Pemkot Bekasi merilis data. Dinas Kesehatan membuka posko."
    assert ids(tagger.tag(text, location="KOTA BEKASI"))[1] == "kota-bekasi/dinkes"
    # No dateline: the dominant region of the article decides.
    assert ids(tagger.tag(text))[1] == "kota-bekasi/dinkes"
    # A dominant province containing the dateline's kota is not a conflict.
    text = "Pemprov Jabar merilis data. Dinas Kesehatan membuka posko."
    assert ids(tagger.tag(text, location="KOTA BEKASI"))[1] == "kota-bekasi/dinkes"


def test_unit_borrows_region_of_following_unit(tagger: Tagger) -> None:
    annotation = tagger.tag("Diskominfo Pemkot Bekasi merilis data.")
    assert ids(annotation) == ["kota-bekasi/diskominfo", "kota-bekasi/pemkot"]
    assert annotation.agencies[0].mentions[0].text == "Diskominfo"


def test_title_is_context_but_not_a_mention(tagger: Tagger) -> None:
    annotation = tagger.tag(
        "Diskominfo menggelar pelatihan.", title="Pemkab Bekasi Gelar Pelatihan Warga"
    )
    assert ids(annotation) == ["kab-bekasi/pemkab", "kab-bekasi/diskominfo"]
    assert annotation.agencies[0].mentions == []  # named only in the title
    assert [m.text for m in annotation.agencies[1].mentions] == ["Diskominfo"]


@pytest.mark.parametrize(
    "text",
    [
        "PT Bekasi Jaya menggelar bazar.",
        "Warga Bekasi memadati pasar.",
        "Batu bata dari Malang dikirim ke Bandung.",
        "Pemerintah pusat menyalurkan bantuan.",
        "Kota Bekasi diguyur hujan.",
    ],
)
def test_not_an_agency(tagger: Tagger, text: str) -> None:
    assert tagger.tag(text).agencies == []


def test_company_name_is_not_sentence_context(tagger: Tagger) -> None:
    annotation = tagger.tag("Dinas Kesehatan bekerja sama dengan PT Sumedang Jaya.")
    assert ids(annotation) == ["unknown/dinkes"]


def _sample_region(level: str) -> tuple[str, str]:
    return {
        "kota": ("Kota Bekasi", "kota-bekasi"),
        "kab": ("Kabupaten Bekasi", "kab-bekasi"),
        "prov": ("Provinsi Jawa Barat", "prov-jawa-barat"),
        "any": ("Kota Bekasi", "kota-bekasi"),
        "kabkota": ("Kota Bekasi", "kota-bekasi"),
    }[level]


@pytest.mark.parametrize(
    ("key", "form"),
    [
        (unit.key, form)
        for unit in VOCABULARY.units.values()
        for form in unit.all_forms(VOCABULARY.head_prefixes)
    ],
)
def test_every_unit_form(tagger: Tagger, key: str, form: str) -> None:
    unit = VOCABULARY.units[key]
    if unit.level == "nasional":
        assert ids(tagger.tag(f"Menurut {form}, program berjalan.")) == [f"nasional/{key}"]
        return
    region_name, region_slug = _sample_region(unit.level)
    kind = region_slug.split("-", 1)[0]
    expected = f"{region_slug}/{unit.slug_for(kind)}"  # type: ignore[arg-type]
    annotation = tagger.tag(f"Menurut {form} {region_name}, program berjalan.")
    assert ids(annotation) == [expected]
    assert annotation.agencies[0].mentions[0].text == f"{form} {region_name}"


def test_every_region_resolves(tagger: Tagger) -> None:
    failures = []
    for region in load_regions():
        unit = {"kota": "Pemkot", "kab": "Pemkab", "prov": "Pemprov"}[region.kind]
        unit_slug = {"kota": "pemkot", "kab": "pemkab", "prov": "pemprov"}[region.kind]
        for name in (region.official, f"{unit} {region.name}"):
            text = f"Pemerintah {name}" if name == region.official else name
            got = ids(tagger.tag(f"Hari ini {text} menggelar apel."))
            if got != [f"{region.slug}/{unit_slug}"]:
                failures.append((text, got))
    assert failures == []


def test_region_list() -> None:
    regions = load_regions()
    kinds = [r.kind for r in regions]
    assert (kinds.count("prov"), kinds.count("kab"), kinds.count("kota")) == (38, 416, 98)
    gazetteer = Gazetteer(regions)
    assert gazetteer.lookup("Kota Bekasi") == {"kota-bekasi"}
    assert gazetteer.lookup("BEKASI") == {"kota-bekasi", "kab-bekasi"}
    assert gazetteer.lookup("Kab. Bandung Barat") == {"kab-bandung-barat"}
    assert gazetteer.lookup("Jabar") == {"prov-jawa-barat"}
    assert gazetteer.lookup("kota-jakarta-utara") == {"kota-jakarta-utara"}
    assert gazetteer.lookup("Atlantis") == frozenset()
    assert gazetteer.lookup(None) == frozenset()
    assert gazetteer.display("kota-jakarta-utara") == "Kota Administrasi Jakarta Utara"


def _shared_names() -> list[tuple[str, str, str]]:
    """Every bare name that is both a kota and a kabupaten: (name, kota slug, kab slug)."""
    gazetteer = Gazetteer.load()
    pairs = []
    for slugs in gazetteer.bare.values():
        kota = sorted(s for s in slugs if s.startswith("kota-"))
        kab = sorted(s for s in slugs if s.startswith("kab-"))
        if kota and kab:
            pairs.append((gazetteer.by_slug[kota[0]].name, kota[0], kab[0]))
    return sorted(pairs)


SHARED = _shared_names()


def test_shared_names_include_the_known_pairs() -> None:
    names = {name for name, _, _ in SHARED}
    known = "Bekasi Bogor Malang Blitar Madiun Kediri Magelang Mojokerto Pasuruan Probolinggo"
    known += " Sukabumi Tasikmalaya Cirebon Serang Tangerang Solok Bima Kupang Sorong Jayapura"
    assert set(known.split()) <= names


@pytest.mark.parametrize(("name", "kota", "kab"), SHARED, ids=[n for n, _, _ in SHARED])
def test_kota_and_kabupaten_pair_never_conflated(
    tagger: Tagger, name: str, kota: str, kab: str
) -> None:
    assert ids(tagger.tag(f"Pemkot {name} dan Pemkab {name} hadir.")) == [
        f"{kota}/pemkot",
        f"{kab}/pemkab",
    ]
    assert ids(tagger.tag(f"Bupati {name} dan Wali Kota {name} hadir.")) == [
        f"{kab}/pemkab",
        f"{kota}/pemkot",
    ]
    text = f"Dinkes Kota {name} dan Dinkes Kabupaten {name} hadir."
    assert ids(tagger.tag(text)) == [f"{kota}/dinkes", f"{kab}/dinkes"]
    bare = f"Diskominfo {name} merilis data."
    assert ids(tagger.tag(bare)) == ["unknown/diskominfo"]
    assert ids(tagger.tag(bare, location=f"KOTA {name.upper()}")) == [f"{kota}/diskominfo"]
    assert ids(tagger.tag(bare, location=f"Kabupaten {name}")) == [f"{kab}/diskominfo"]


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("Kecamatan Tambun Selatan menggelar lomba.", {}, ["kab-bekasi/kecamatan"]),
        ("Camat Bekasi Utara membuka acara.", {}, ["kota-bekasi/kecamatan"]),
        (
            "Warga Kelurahan Margahayu, Kecamatan Bekasi Timur, hadir.",
            {},
            ["kota-bekasi/kelurahan", "kota-bekasi/kecamatan"],
        ),
        ("Pemerintah Desa Sukadami hadir.", {"location": "Kabupaten Bekasi"}, ["kab-bekasi/desa"]),
        ("Kepala desa setempat belum bisa dihubungi.", {}, []),
        ("RSUD Kota Bekasi menambah ruang.", {}, ["kota-bekasi/rsud"]),
        ("Polres Bogor menangkap pelaku.", {}, ["kab-bogor/polres"]),  # police naming convention
        ("Polresta Bogor Kota menangkap pelaku.", {}, ["kota-bogor/polres"]),
        ("Polres Metro Bekasi Kota menangkap pelaku.", {}, ["kota-bekasi/polres"]),
        ("Polrestabes Bandung menangkap pelaku.", {}, ["kota-bandung/polres"]),
        ("Polda Metro Jaya menangkap pelaku.", {}, ["prov-dki-jakarta/polda"]),
        ("Kejari Kota Bekasi menahan tersangka.", {}, ["kota-bekasi/kejari"]),
        ("Kejati Jatim menahan tersangka.", {}, ["prov-jawa-timur/kejati"]),
        ("Kominfo memblokir situs.", {}, ["nasional/komdigi"]),
        ("KPU RI dan KPU Kota Depok rapat.", {}, ["nasional/kpu", "kota-depok/kpu"]),
        ("Mantan Wali Kota Bekasi hadir.", {}, []),
        ("Para bupati hadir.", {}, []),
        ("Presiden Direktur PT Maju hadir.", {}, []),
        ("PT Kominfo Digital membuka lowongan.", {}, []),
        ("Koperasi Pemda Sejahtera membagi SHU.", {}, []),
        ("Pemerintah daerah diminta berhemat.", {}, ["unknown/pemda"]),  # sentence-initial
        ("Kemendagri meminta pemerintah daerah berhemat.", {}, ["nasional/kemendagri"]),
        ("Acara dihadiri kementerian kesehatan.", {}, ["nasional/kemenkes"]),
    ],
)
def test_more_units_and_negatives(
    tagger: Tagger, text: str, kwargs: dict[str, str], expected: list[str]
) -> None:
    assert ids(tagger.tag(text, **kwargs)) == expected


def test_user_override(tmp_path: Path) -> None:
    override = tmp_path / "agencies.yaml"
    override.write_text(
        "units:\n"
        "  perumda-air:\n"
        "    level: any\n"
        "    name: Perumda Air Minum\n"
        "    forms: [Perumda Air Minum, PDAM]\n"
        "aliases:\n"
        "  diskominfo: [Dinas Kominfo Persandian]\n"
        "bodies:\n"
        "  kota-bekasi/rsud: [RSUD CAM]\n"
        "regions:\n"
        "  kota-bekasi: [Kota Patriot]\n",
        encoding="utf-8",
    )
    tagger = Tagger(agencies_path=override)
    text = "PDAM Kota Bekasi, Dinas Kominfo Persandian Kota Patriot dan RSUD CAM hadir."
    assert ids(tagger.tag(text)) == [
        "kota-bekasi/perumda-air",
        "kota-bekasi/diskominfo",
        "kota-bekasi/rsud",
    ]


def test_override_rejects_unknown_sections(tmp_path: Path) -> None:
    override = tmp_path / "agencies.yaml"
    override.write_text("unit:\n  x: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown sections"):
        Tagger(agencies_path=override)
