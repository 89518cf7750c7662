from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from pantau.config_errors import ConfigError
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


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        # A misspelled key inside a section used to be ignored silently.
        ('[smtp]\nhots = "mail.example"\n', "[smtp] hots: unknown key (did you mean 'host'?)"),
        ('[smtpp]\nhost = "mail.example"\n', "smtpp: unknown key (did you mean 'smtp'?)"),
        ('[api]\nport = "abc"\n', "[api] port = 'abc': Input should be a valid integer"),
        ("[api\n", "not valid TOML: Expected ']'"),
    ],
)
def test_config_mistakes_are_one_line_naming_file_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PANTAU_CONFIG", raising=False)
    (tmp_path / "pantau.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Settings()
    message = str(caught.value)
    assert message.startswith("pantau.toml: ")
    assert expected in message
    assert "\n" not in message


def test_every_section_forbids_unknown_keys() -> None:
    for name, field in Settings.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            assert field.annotation.model_config.get("extra") == "forbid", name


def test_bad_environment_value_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PANTAU_API__PORT", "x")
    with pytest.raises(ConfigError, match="environment variable PANTAU_API__PORT = 'x'"):
        Settings()


def test_a_named_config_file_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PANTAU_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="no such file"):
        Settings()
