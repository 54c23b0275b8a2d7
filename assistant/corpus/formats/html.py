"""HTML → the document model: h1–h6 headings, paragraphs, tables with rowspan/colspan, <br>
and paragraphs inside cells kept as line breaks; page chrome (script, style, nav, header,
footer, aside, form) ignored (and so is <head>). Locators: "表N 第M行" for rows, the heading or
paragraph's own text position "第N段".

Portal pages lay the page out with tables: the list's own tables sit inside a cell of a page
table. A table that holds another table of two rows or more is read as layout (its cells as
parts of the page, like <div>s); the tables inside it are read as tables. A cell left unclosed
(`<td>a<td>b`, common in old pages) ends where the next cell or row begins."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from assistant.corpus.formats import decode_text
from assistant.corpus.formats.model import DocumentBuilder, resolve_spans

_CHROME = {"head", "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "button", "select", "iframe"}
_BLOCK = {"p", "div", "li", "section", "article", "main", "body", "dd", "dt", "blockquote", "pre"}
MAX_SPAN = 100  # a colspan beyond this is a damaged or hostile page (rowspans stop at the last row)
_HEAD = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class _LayoutTables(HTMLParser):
    """First pass: which tables (numbered in order of their start tags) are page layout."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.count = 0
        self.stack: list[dict] = []
        self.layout: set[int] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.stack.append({"id": self.count, "rows": [], "layout": False})
            self.count += 1
        elif self.stack and tag == "tr":
            self.stack[-1]["rows"].append(0)
        elif self.stack and tag in ("td", "th"):
            rows = self.stack[-1]["rows"]
            if not rows:
                rows.append(0)
            rows[-1] += 1

    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            t = self.stack.pop()
            data_like = sum(1 for n in t["rows"] if n >= 2) >= 2
            if self.stack and (data_like or t["id"] in self.layout):
                self.layout.add(self.stack[-1]["id"])


class _Reader(HTMLParser):
    def __init__(self, out: DocumentBuilder, layout: set[int] | None = None):
        super().__init__(convert_charrefs=True)
        self.out = out
        self.layout = layout or set()
        self.table_ids = 0
        self.open_layout: list[bool] = []  # for each open <table>: is it layout
        self.skip = 0
        self.text: list[str] = []
        self.level = 0
        self.tables: list[dict] = []  # a stack, for tables inside cells
        self.paragraphs = 0
        self.table_count = 0

    def _flush(self) -> None:
        text = "".join(self.text).strip()
        self.text = []
        if text:
            self.paragraphs += 1
            self.out.paragraph(text, f"第{self.paragraphs}段", self.level)

    def _close_cell(self) -> None:
        t = self.tables[-1]
        if t.get("cell") is not None:
            parts, rs, cs = t["cell"]
            if not t["rows"]:
                t["rows"].append([])
            t["rows"][-1].append(("".join(parts), rs, cs))
            t["cell"] = None

    def _in_layout(self) -> bool:
        """Inside a layout table's cell and no data table: its parts are read as blocks."""
        return bool(self.open_layout) and self.open_layout[-1] and not self.tables

    def _layout_tag(self, tag: str, layout_table: bool) -> bool:
        """A layout table's own tags (the table, or a row or cell of it) end the text before them and
        nothing more: its cells are regions of the page. True when `tag` was one of them."""
        if not (layout_table or (tag in ("tr", "td", "th") and self._in_layout())):
            return False
        if not self.tables:
            self._flush()
        return True

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            is_layout = self.table_ids in self.layout
            self.table_ids += 1
        if tag in _CHROME:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            self.open_layout.append(is_layout)
        if self._layout_tag(tag, tag == "table" and is_layout):
            return
        attrs = dict(attrs)
        if self.tables and tag in ("td", "th"):
            self._close_cell()
            t = self.tables[-1]
            t["cell"] = ([], _span(attrs.get("rowspan")), _span(attrs.get("colspan")))
            return
        if self.tables and tag == "tr":
            self._close_cell()
            self.tables[-1]["rows"].append([])
            return
        if self.tables and tag in _BLOCK and self.tables[-1].get("cell") is not None:
            self.tables[-1]["cell"][0].append("\n")  # a paragraph inside a cell is a line of it
            return
        if tag == "br":
            (self.tables[-1]["cell"][0] if self.tables and self.tables[-1].get("cell") else self.text).append("\n")
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.tables.append({"rows": [], "cell": None})
            return
        if tag in _HEAD or tag in _BLOCK:
            if not self.tables:
                self._flush()
            self.level = _HEAD.get(tag, 0)

    def handle_endtag(self, tag):
        if tag in _CHROME:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self._layout_tag(tag, tag == "table" and bool(self.open_layout) and self.open_layout.pop()):
            return
        if self.tables and tag in ("td", "th", "tr"):
            self._close_cell()
            return
        if self.tables and tag in _BLOCK and self.tables[-1].get("cell") is not None:
            self.tables[-1]["cell"][0].append("\n")
            return
        if tag == "table" and self.tables:
            self._close_cell()
            t = self.tables.pop()
            if self.tables:  # a nested table: its text goes into the enclosing cell
                inner = "\n".join("\t".join(c[0] for c in row) for row in t["rows"])
                if self.tables[-1].get("cell") is not None:
                    self.tables[-1]["cell"][0].append(inner)
                return
            rows = [r for r in t["rows"] if r]
            if rows:
                self.table_count += 1
                n = self.table_count
                self.out.table(resolve_spans(rows), lambda r, n=n: f"表{n} 第{r + 1}行")
            return
        if (tag in _HEAD or tag in _BLOCK) and not self.tables:
            self._flush()
            self.level = 0

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables:
            cell = self.tables[-1].get("cell")
            if cell is not None:
                cell[0].append(data)
            return
        self.text.append(data.replace("\n", " ") if data.strip() else data.strip())


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def read(path: Path):
    text = decode_text(path.read_bytes(), "this HTML file")
    out = DocumentBuilder(path.name, "html")
    layout = _LayoutTables()
    layout.feed(text)
    layout.close()
    reader = _Reader(out, layout.layout)
    reader.feed(text)
    reader.close()
    reader._flush()
    return out.doc
