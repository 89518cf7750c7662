from __future__ import annotations

from pathlib import Path

import pytest

from pantau.settings import Settings


def test_defaults_need_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PANTAU_HOME", raising=False)
    monkeypatch.delenv("PANTAU_STORE", raising=False)
    settings = Settings()
    assert settings.home == Path("var")
    assert settings.store_url == f"sqlite:///{tmp_path / 'var' / 'pantau.db'}"


def test_toml_then_env_then_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pantau.toml").write_text(
        'home = "data"\n[api]\nport = 9000\n[crawl]\nconcurrent_per_domain = 1\n'
    )
    monkeypatch.setenv("PANTAU_API__PORT", "9100")
    settings = Settings()
    assert settings.home == Path("data")
    assert settings.api.port == 9100
    assert settings.crawl.concurrent_per_domain == 1
    assert Settings(home=tmp_path / "x").home == tmp_path / "x"


def test_unknown_key_in_toml_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pantau.toml").write_text('hom = "typo"\n')
    with pytest.raises(ValueError, match="hom"):
        Settings()


def test_readme_example_is_a_valid_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pantau.toml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("PANTAU_HOME", "PANTAU_STORE", "PANTAU_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.agencies_file == Path("/etc/pantau/agencies.yaml")
    assert settings.crawl.sources_file == Path("/etc/pantau/sources.yaml")
    assert settings.schedule.timezone == "Asia/Jakarta"
