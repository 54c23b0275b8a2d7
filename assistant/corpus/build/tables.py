"""Typed tables on the document model: 部门职责 → `DutyItem`, 职责边界 → `BoundaryMatter`,
公共服务事项 → `ServiceItem`. Columns are found by meaning (prompts/headers.toml). A merged cell
(or, in formats without merging, an empty 序号 / 职责 cell) continues the row above. Columns no
role claims are kept in the record (`note` for duties) so that no cell is lost."""

from __future__ import annotations

import re

from assistant.corpus.build.generic import generic_row
from assistant.corpus.coverage import TYPED, Tracker
from assistant.corpus.formats.model import Cell, Paragraph, Table
from assistant.corpus.headers import Headers, label_key, similarity
from assistant.corpus.parse.services import pair_contacts, split_phones, split_units
from assistant.corpus.records import BoundaryMatter, DepartmentDuty, DutyItem, Record, Regime, RegimeSection, ServiceItem
from assistant.text import squash

# the columns each builder reads; any other column's cells are kept as "label：text" extras
USED_ROLES = {
    "duty": {"seq", "main_duty", "task", "legal_basis", "basis", "unit", "note", "accountability"},
    "boundary": {"seq", "matter", "department", "division", "basis", "legal_basis", "case"},
    "services": {"seq", "service", "content", "legal_basis", "basis", "unit", "phone"},
}
_NOTE_ROW = re.compile(r"^\s*(注|说明|备注)[：:]")
_NONE = {"无", "无。", "/", "-", "—"}


def _roles(table: Table, r: int, headers: Headers) -> dict[str, int]:
    roles: dict[str, int] = {}
    for c, cell in enumerate(table.grid[r]):
        if cell is None or not cell.text or len(cell.text) > 20:
            continue
        role = headers.column_role(cell.text)
        if role and role not in roles:
            roles[role] = c
    return roles


def _regime_columns(table: Table, r: int, headers: Headers) -> dict[int, str]:
    """Columns of row r whose labels are regime sub-headings (监管对象, 监管方式, …)."""
    out: dict[int, str] = {}
    for c, cell in enumerate(table.grid[r]):
        if cell is not None and cell.text and len(cell.text) <= 20 and (c == 0 or table.grid[r][c - 1] is not cell):
            field = headers.regime_field(cell.text)
            if field and field not in out.values():
                out[c] = field
    return out


def find_header(table: Table, headers: Headers) -> int | None:
    """The first of the top rows that names at least two known columns (or regime sub-headings)."""
    for r in range(min(4, len(table.grid))):
        if len(_roles(table, r, headers)) >= 2 or len(_regime_columns(table, r, headers)) >= 2:
            return r
    return None


class _Row:
    def __init__(self, table: Table, r: int, cols: dict[str, int]):
        self.table, self.r, self.cols = table, r, cols

    def cell(self, role: str) -> Cell | None:
        c = self.cols.get(role)
        return self.table.grid[self.r][c] if c is not None and c < len(self.table.grid[self.r]) else None

    def text(self, role: str) -> str:
        cell = self.cell(role)
        return cell.text if cell is not None else ""

    def new(self, role: str) -> str:
        """The text of a cell that starts in this row ("" for a merged cell continuing from above)."""
        cell = self.cell(role)
        return cell.text if cell is not None and self.table.starts_here(cell, self.r) else ""

    @property
    def line(self) -> int:
        return self.table.row_lines[self.r]


def _is_note_row(table: Table, r: int) -> bool:
    cells = table.distinct(r)
    return len(cells) == 1 and (cells[0].colspan > 1 or bool(_NOTE_ROW.match(cells[0].text)))


def _extras(table: Table, r: int, cols: dict[str, int], labels: list[str]) -> list[str]:
    used = set(cols.values())
    out = []
    for c, cell in enumerate(table.grid[r]):
        if c in used or cell is None or not cell.text or not table.starts_here(cell, r):
            continue
        if any(table.grid[r][u] is cell for u in used if u < len(table.grid[r])):
            continue
        out.append(f"{labels[c]}：{cell.text}" if c < len(labels) and labels[c] else cell.text)
    return list(dict.fromkeys(out))


def _mark_row(table: Table, r: int, tracker: Tracker) -> None:
    for cell in table.grid[r]:
        if cell is not None and table.starts_here(cell, r):
            tracker.mark(cell, TYPED)


def build_table(source: str, bureau: str, path: list[str], table: Table, header: int, headers: Headers,
                section_kind: str, tracker: Tracker) -> list[Record] | None:
    cols = _roles(table, header, headers)
    kind = headers.table_kind(set(cols), prefer=section_kind)
    if kind is None or (section_kind == "regimes" and kind != "regimes"):
        fields = _regime_columns(table, header, headers)
        if len(fields) >= 2:
            return _regime_table(source, bureau, path, table, header, fields, tracker)
    if kind is None:
        return None
    cols = {role: c for role, c in cols.items() if role in USED_ROLES[kind]}
    labels = [c.text.replace("\n", "") if c else "" for c in table.grid[header]]
    header_keys = [squash(x) for x in labels]
    for cell in table.grid[header]:
        if cell is not None:
            tracker.mark(cell, TYPED)
    out: list[Record] = []
    state: dict = {}
    for r in range(header + 1, len(table.grid)):
        keys = [squash(c.text) if c else "" for c in table.grid[r]]
        if keys == header_keys:  # the header repeated (a page break)
            _mark_row(table, r, tracker)
            continue
        if not table.distinct(r):
            continue
        if _is_note_row(table, r):
            record = generic_row(source, bureau, path, table, r, labels, tracker)
            if record:
                out.append(record)
            continue
        row = _Row(table, r, cols)
        extras = _extras(table, r, cols, labels)
        made = {"duty": _duty_row, "boundary": _boundary_row, "services": _service_row}[kind](
            source, bureau, path, row, extras, state)
        if made is None:
            record = generic_row(source, bureau, path, table, r, labels, tracker)
            if record:
                out.append(record)
            continue
        _mark_row(table, r, tracker)
        if made is not True:
            out.append(made)
    return out


def _duty_row(source, bureau, path, row: _Row, extras, state) -> Record | None:
    seq, main = squash(row.new("seq")), row.new("main_duty")
    if main or seq:
        state["seq"], state["main"] = seq, main or ("" if seq else state.get("main", ""))
        if not main and row.text("main_duty"):
            state["main"] = row.text("main_duty")
    task = row.new("task")
    if not (task or main or state.get("main")):
        return None
    main = state.get("main", "")
    title = main.replace("\n", "")
    title = title if len(title) <= 30 else title[:30] + "…"
    return DutyItem(
        source=source, start_line=row.line, end_line=row.line, bureau=bureau,
        section_path=[*path, f"{state.get('seq')}、{title}" if state.get("seq") else title],
        seq=state.get("seq", ""), main_duty=main, task=task or row.text("task"),
        legal_basis=row.text("legal_basis") or row.text("basis"), responsible_unit=row.text("unit"),
        note="\n".join([row.text("note"), *extras]).strip(), accountability=row.text("accountability"),
    )


def _boundary_row(source, bureau, path, row: _Row, extras, state) -> Record | bool | None:
    matter = row.new("matter").replace("\n", "")
    made: Record | bool = True
    if matter:
        if squash(matter) in _NONE and not (row.text("department") or row.text("division")):
            return True
        state["matter"] = made = BoundaryMatter(
            source=source, start_line=row.line, end_line=row.line, bureau=bureau,
            section_path=[*path, matter], seq=state.get("n", 0) + 1, source_seq=squash(row.text("seq")), matter=matter,
        )
        state["n"] = state.get("n", 0) + 1
    current: BoundaryMatter | None = state.get("matter")
    if current is None:
        return None
    current.end_line = row.line
    dept, duty = row.text("department").replace("\n", ""), row.text("division")
    basis = "\n".join([row.text("basis") or row.text("legal_basis"), *extras]).strip()
    if dept or duty:
        current.entries.append(DepartmentDuty(start_line=row.line, end_line=row.line, department=dept, duty=duty, basis=basis))
    case = row.new("case")
    if case:
        current.case = (current.case + "\n" + case).strip()
        current.case_start = current.case_start or row.line
        current.case_end = row.line
    return made


def _service_row(source, bureau, path, row: _Row, extras, state) -> Record | bool | None:
    name = row.new("service").replace("\n", "")
    units_raw, phones_raw = row.new("unit"), row.new("phone")
    if not name:
        item: ServiceItem | None = state.get("item")
        if item is None or not (units_raw or phones_raw):
            return None
        item.units_raw = "\n".join(x for x in (item.units_raw, units_raw) if x)
        item.phones_raw = "\n".join(x for x in (item.phones_raw, phones_raw) if x)
        item.units, item.phones = split_units(item.units_raw), split_phones(item.phones_raw)
        item.contacts = pair_contacts(split_units(units_raw), split_phones(phones_raw))
        item.end_line = row.line
        return True
    units, phones = split_units(units_raw), split_phones(phones_raw)
    content = "\n".join([row.text("content"), *extras]).strip()
    state["item"] = item = ServiceItem(
        source=source, start_line=row.line, end_line=row.line, bureau=bureau, section_path=[*path, name],
        seq=squash(row.text("seq")), name=name, content=content, legal_basis=row.text("legal_basis") or row.text("basis"),
        units=units, phones=phones, contacts=pair_contacts(units, phones), units_raw=units_raw, phones_raw=phones_raw,
    )
    return item


def attach_notes(paragraphs: list[Paragraph], typed: list[tuple[Table, list[Record]]], headers: Headers,
                 tracker: Tracker) -> list[Paragraph]:
    """案例 / notes written under a boundary table join the matter they name; returns the rest."""
    matters = [r for _, records in typed for r in records if isinstance(r, BoundaryMatter)]
    if not matters:
        return paragraphs
    words = [label_key(w) for w in headers.notes.get("case", ["案例"])]
    rest: list[Paragraph] = []
    for p in paragraphs:
        key = label_key(p.text)
        if p.level or not any(key.startswith(w) or w in key[:8] for w in words):
            rest.append(p)
            continue
        named = [m for m in matters if squash(m.matter) and squash(m.matter) in squash(p.text)]
        if not named:
            scored = sorted(((similarity(label_key(m.matter), key[:40]), m) for m in matters), key=lambda x: -x[0])
            named = [scored[0][1]] if scored and scored[0][0] >= 0.3 else []
        if not named:
            rest.append(p)
            continue
        matter = max(named, key=lambda m: len(m.matter))
        matter.case = (matter.case + "\n" + p.text).strip()
        matter.case_start = matter.case_start or p.line
        matter.case_end = p.end_line
        tracker.mark(p, TYPED)
    return rest


def _regime_table(source: str, bureau: str, path: list[str], table: Table, header: int, fields: dict[int, str],
                  tracker: Tracker) -> list[Record]:
    """事中事后监管 written as a table: one regime per row, its title in the first column that is
    neither 序号 nor a sub-heading, one sub-section per sub-heading column."""
    labels = [c.text.replace("\n", "") if c else "" for c in table.grid[header]]
    for cell in table.grid[header]:
        if cell is not None:
            tracker.mark(cell, TYPED)
    out: list[Record] = []
    for r in range(header + 1, len(table.grid)):
        cells = [(c, cell) for c, cell in enumerate(table.grid[r])
                 if cell is not None and cell.text and table.starts_here(cell, r)]
        if not cells:
            continue
        title_cell = next((cell for c, cell in cells if c not in fields and not squash(cell.text).isdigit()), None)
        title = title_cell.text.replace("\n", "") if title_cell else f"{labels[cells[0][0]]} {len(out) + 1}"
        line = table.row_lines[r]
        sections = [RegimeSection(start_line=line, end_line=line, field=fields[c], heading=labels[c], text=cell.text)
                    for c, cell in cells if c in fields]
        extra = [f"{labels[c]}：{cell.text}" for c, cell in cells if c not in fields and cell is not title_cell
                 and not squash(cell.text).isdigit()]
        if extra:
            sections.insert(0, RegimeSection(start_line=line, end_line=line, field="preamble", heading="", text="\n".join(extra)))
        out.append(Regime(source=source, start_line=line, end_line=line, bureau=bureau, section_path=[*path, title],
                          number=len(out) + 1, regime_title=title, sections=sections))
        _mark_row(table, r, tracker)
    return out
