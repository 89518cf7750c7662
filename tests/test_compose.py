"""docker-compose.yml: every service runs a command the CLI has, and the file holds no secrets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pantau_cli.main import _parser

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


def _services() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    return services


@pytest.mark.parametrize("name", [n for n, s in _services().items() if "build" in s])
def test_service_command_exists_in_the_cli(name: str) -> None:
    command = _services()[name]["command"]
    assert command[0] == "pantau"
    args = _parser().parse_args(command[1:])  # argparse exits on an unknown command or option
    assert args.command == command[1]


def test_services_wait_for_a_healthy_elasticsearch() -> None:
    services = _services()
    assert "healthcheck" in services["elasticsearch"]
    assert services["elasticsearch"]["image"].startswith("docker.elastic.co/elasticsearch/")
    for name, service in services.items():
        if "build" in service:
            assert service["depends_on"]["elasticsearch"]["condition"] == "service_healthy", name


def test_no_secrets_in_the_file() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    # Every secret-looking key takes its value from the environment: required (${VAR:?message})
    # or, for an optional one such as an SMTP relay's password, empty by default — never a value.
    keys = re.finditer(r"^\s*\w*(PASSWORD|SECRET|API_KEY)\w*:\s*(\S+)", text, re.MULTILINE)
    for match in keys:
        value = match.group(2)
        assert value.startswith("${"), match.group(0)
        assert ":?" in value or re.fullmatch(r"\$\{\w+:-\}", value), match.group(0)
    # A store URL carries the password only as a required variable.
    for url in re.findall(r"PANTAU_STORE:\s*(\S+)", text):
        assert "${ELASTIC_PASSWORD:?" in url
    assert "es-data" in yaml.safe_load(text)["volumes"]


def test_crawl_workers_scale_on_a_shared_redis_frontier() -> None:
    services = _services()
    redis = services["redis"]
    assert redis["image"].startswith("redis:")
    assert "healthcheck" in redis
    assert "--appendonly" in redis["command"]  # a Redis restart keeps the queue
    crawler = services["crawler"]
    assert "--worker" in crawler["command"]
    assert crawler["environment"]["PANTAU_CRAWL__FRONTIER"].startswith("redis://redis:")
    assert crawler["depends_on"]["redis"]["condition"] == "service_healthy"
    # `--scale crawler=4` needs containers without a fixed name or host port, and each worker
    # its own /data (spool, logs) rather than a shared named volume.
    assert "container_name" not in crawler
    assert "ports" not in crawler
    assert all(":" not in volume for volume in crawler["volumes"])
    assert "profiles" not in crawler  # started by a plain `docker compose up`
