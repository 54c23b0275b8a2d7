"""HTML → the document model: h1–h6 headings, paragraphs, tables with rowspan/colspan, <br>
inside cells kept as line breaks; page chrome (script, style, nav, header, footer, aside, form)
ignored (and so is <head>). Locators: "表N 第M行" for rows, the heading or paragraph's own text position "第N段"."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from assistant.corpus.formats import decode_text
from assistant.corpus.formats.model import DocumentBuilder, resolve_spans

_CHROME = {"head", "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "button", "select", "iframe"}
_BLOCK = {"p", "div", "li", "section", "article", "main", "body", "dd", "dt", "blockquote", "pre"}
_HEAD = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class _Reader(HTMLParser):
    def __init__(self, out: DocumentBuilder):
        super().__init__(convert_charrefs=True)
        self.out = out
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

    def handle_starttag(self, tag, attrs):
        if tag in _CHROME:
            self.skip += 1
            return
        if self.skip:
            return
        attrs = dict(attrs)
        if self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            t["cell"] = ([], int(attrs.get("rowspan") or 1), int(attrs.get("colspan") or 1))
            return
        if self.tables and tag == "tr":
            self.tables[-1]["rows"].append([])
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
        if self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if t.get("cell") is not None:
                parts, rs, cs = t["cell"]
                if not t["rows"]:
                    t["rows"].append([])
                t["rows"][-1].append(("".join(parts), rs, cs))
                t["cell"] = None
            return
        if tag == "table" and self.tables:
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


def read(path: Path):
    text = decode_text(path.read_bytes(), "this HTML file")
    out = DocumentBuilder(path.name, "html")
    reader = _Reader(out)
    reader.feed(text)
    reader.close()
    reader._flush()
    return out.doc
