"""Typed tables on the document model: 部门职责 → `DutyItem`, 职责边界 → `BoundaryMatter`,
公共服务事项 → `ServiceItem`. Columns are found by meaning (prompts/headers.toml). A merged cell
(or, in formats without merging, an empty 序号 / 职责 cell) continues the row above. Columns no
role claims are kept in the record (`note` for duties) so that no cell is lost."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass
class Header:
    """A table's header: rows `first`..`row` (two when a group cell spans the labels below it),
    with one label per column. Data rows start below `row`."""

    first: int
    row: int
    labels: list[str]

    def cells(self, table: Table) -> list[Cell]:
        return [c for r in range(self.first, self.row + 1) for c in table.grid[r] if c is not None]


def _roles(labels: list[str], headers: Headers) -> dict[str, int]:
    roles: dict[str, int] = {}
    for c, label in enumerate(labels):
        if not label or len(label) > 20:
            continue
        role = headers.column_role(label)
        if role and role not in roles:
            roles[role] = c
    return roles


def _regime_columns(labels: list[str], headers: Headers) -> dict[int, str]:
    """Columns whose labels are regime sub-headings (监管对象, 监管方式, …)."""
    out: dict[int, str] = {}
    for c, label in enumerate(labels):
        if label and len(label) <= 20:
            field = headers.regime_field(label)
            if field and field not in out.values():
                out[c] = field
    return out


def _row_labels(table: Table, r: int) -> list[str]:
    return [c.text.replace("\n", "") if c is not None else "" for c in table.grid[r]]


def _group_labels(table: Table, r: int, headers: Headers) -> list[str] | None:
    """The column labels of rows r and r+1 read as one header, when row r has a group cell
    (merged across columns, or followed by empty cells in formats without merging) over short
    labels of its own in row r+1, and every other column of row r+1 continues row r (merged
    down) or is empty; else None."""
    if r + 1 >= len(table.grid):
        return None
    top, sub = table.grid[r], table.grid[r + 1]

    def text(cell: Cell | None) -> str:
        return cell.text.replace("\n", "") if cell is not None else ""

    # segments of row r: a text cell and the slots right of it that it spans or that are empty
    segments: list[tuple[int, int, Cell | None]] = []
    for c, t in enumerate(top):
        if text(t) and (not segments or segments[-1][2] is not t):
            segments.append((c, c, t))
        elif segments:
            segments[-1] = (segments[-1][0], c, segments[-1][2])
        else:
            segments.append((c, c, None))
    labels: list[str] = []
    split = 0
    for start, end, t in segments:
        subs = [sub[c] if c < len(sub) else None for c in range(start, end + 1)]
        fresh = [b for b in subs if b is not None and b is not t and b.text and table.starts_here(b, r + 1)]
        if end == start or t is None:
            if fresh:
                return None  # a label under a label that spans nothing: row r+1 is data
            labels += [text(t)] * (end - start + 1)
            continue
        if len(fresh) != len(subs) or any(len(b.text) > 20 or squash(b.text).isdigit() for b in fresh):
            return None
        split += len({id(b) for b in fresh})
        labels += [headers.group_label(text(t), text(b)) for b in fresh]
    return labels if split >= 2 else None


def find_header(table: Table, headers: Headers) -> Header | None:
    """The first of the top rows that names at least two known columns (or regime sub-headings),
    read together with the row below when that row splits a group cell into labels of its own."""
    for r in range(min(4, len(table.grid))):
        grouped = _group_labels(table, r, headers)
        if grouped and (len(_roles(grouped, headers)) >= 2 or len(_regime_columns(grouped, headers)) >= 2):
            return Header(r, r + 1, grouped)
        labels = _row_labels(table, r)
        if len(_roles(labels, headers)) >= 2 or len(_regime_columns(labels, headers)) >= 2:
            return Header(r, r, labels)
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


def build_table(source: str, bureau: str, path: list[str], table: Table, header: Header, headers: Headers,
                section_kind: str, tracker: Tracker) -> list[Record] | None:
    labels = header.labels
    cols = _roles(labels, headers)
    kind = headers.table_kind(set(cols), prefer=section_kind)
    if kind is None or (section_kind == "regimes" and kind != "regimes"):
        fields = _regime_columns(labels, headers)
        if len(fields) >= 2:
            return _regime_table(source, bureau, path, table, header, fields, tracker)
    if kind is None:
        return None
    cols = {role: c for role, c in cols.items() if role in USED_ROLES[kind]}
    header_keys = [[squash(c.text) if c else "" for c in table.grid[r]] for r in range(header.first, header.row + 1)]
    for cell in header.cells(table):
        tracker.mark(cell, TYPED)
    out: list[Record] = []
    state: dict = {}
    for r in range(header.row + 1, len(table.grid)):
        keys = [squash(c.text) if c else "" for c in table.grid[r]]
        if keys in header_keys:  # the header repeated (a page break)
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


def _regime_table(source: str, bureau: str, path: list[str], table: Table, header: Header, fields: dict[int, str],
                  tracker: Tracker) -> list[Record]:
    """事中事后监管 written as a table: one regime per row, its title in the first column that is
    neither 序号 nor a sub-heading, one sub-section per sub-heading column."""
    labels = header.labels
    for cell in header.cells(table):
        tracker.mark(cell, TYPED)
    out: list[Record] = []
    for r in range(header.row + 1, len(table.grid)):
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
