"""Indonesian renderings shared by the XLSX and the PDF report: Rupiah, dates, months."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date


def rupiah(amount: int) -> str:
    """``Rp 2.500.000`` (dots group thousands in Indonesian)."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def month_name(month: str) -> str:
    """``2026-10`` → ``Oktober 2026``."""
    year, number = month.split("-")
    return str(format_date(date(int(year), int(number), 1), "MMMM y", locale="id"))


def day(value: date) -> str:
    """``9 November 2023``: month names from babel's Indonesian locale, as search_api/i18n.py."""
    return str(format_date(value, "d MMMM y", locale="id"))


def moment(value: datetime | None) -> str:
    """``9 November 2023 16.05 WIB``-style, in the value's own offset (the report's zone)."""
    if value is None:
        return "-"
    return f"{day(value.date())} {value:%H.%M} {value.tzname() or ''}".strip()


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",") + "%"
