"""公共服务事项 tables → `ServiceItem` records, with units and phones split and paired (H13)."""

from __future__ import annotations

import re

from assistant.corpus.parse.celltable import Table
from assistant.corpus.parse.source import SourceText
from assistant.corpus.records import Contact, ServiceItem
from assistant.text import squash

# area-code numbers, local numbers and mobiles (6+ characters), and the 5-digit national
# hotlines (12315, 12365, 12331, 12345, …) standing alone
_PHONE = re.compile(r"\d[\d\-－]{4,}\d|(?<![\d\-－])1[02]\d{3}(?![\d\-－])")


def split_units(raw: str) -> list[str]:
    units: list[str] = []
    for part in re.split(r"[\n、，,；;/／]+|<br\s*/?>", raw):
        part = part.strip()
        if part and part not in units:
            units.append(part)
    return units


def split_phones(raw: str) -> list[str]:
    return [m.group(0).replace("－", "-") for m in _PHONE.finditer(raw)]


def pair_contacts(units: list[str], phones: list[str]) -> list[Contact]:
    """Pair by position when the counts match; otherwise every unit gets every phone."""
    if len(units) == len(phones):
        return [Contact(unit=u, phone=p) for u, p in zip(units, phones)]
    if not phones:
        return [Contact(unit=u, phone="") for u in units]
    if not units:
        return [Contact(unit="", phone=p) for p in phones]
    return [Contact(unit=u, phone=p) for u in units for p in phones]


def parse_service_table(src: SourceText, table: Table, bureau: str, path: list[str]) -> list[ServiceItem]:
    c_seq = table.column("序号", role="seq")
    c_name = table.column("服务事项", role="service")
    c_content = table.column("主要内容", role="content")
    c_basis = table.column("法律依据", role="legal_basis")
    c_unit = table.column("承办机构", role="unit")
    c_phone = table.column("联系电话", role="phone")
    items: list[ServiceItem] = []
    for row in table.rows:
        name = row.text(c_name).replace("\n", "")
        if not squash(name):
            continue
        # a cell's raw lines, not its joined text: units and phones sit one per line
        unit_cell, phone_cell = row.get(c_unit), row.get(c_phone)
        units_raw = "\n".join(p.strip() for p in unit_cell.parts if p.strip()) if unit_cell else ""
        phones_raw = "\n".join(p.strip() for p in phone_cell.parts if p.strip()) if phone_cell else ""
        units, phones = split_units(units_raw), split_phones(phones_raw)
        items.append(
            ServiceItem(
                source=src.name, start_line=row.start, end_line=row.end, bureau=bureau,
                section_path=[*path, name], seq=squash(row.text(c_seq)), name=name,
                content=row.text(c_content), legal_basis=row.text(c_basis),
                units=units, phones=phones, contacts=pair_contacts(units, phones),
                units_raw=units_raw, phones_raw=phones_raw,
            )
        )
    return items
