"""The corpus manifest: which lists there are and which bureau each one belongs to."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path


class ManifestError(ValueError):
    """The manifest is missing, unreadable or has an entry without a required field."""


@dataclass(frozen=True)
class Bureau:
    file: str
    bureau: str
    short_name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    province: str = ""
    city: str = ""
    county: str = ""
    level: str = ""
    date: str = ""
    predates_2018_merger: bool = True

    def to_dict(self) -> dict:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a person might type for this bureau, longest first."""
        return tuple(sorted({self.bureau, self.short_name, *self.aliases}, key=len, reverse=True))


_REQUIRED = ("file", "bureau", "short_name")


def load_manifest(corpus_dir: Path) -> list[Bureau]:
    path = corpus_dir / "manifest.toml"
    if not path.is_file():
        raise ManifestError(f"{path}: the corpus manifest is missing")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the manifest: {exc}") from exc
    bureaus = []
    for i, entry in enumerate(data.get("list", []), 1):
        missing = [k for k in _REQUIRED if not entry.get(k)]
        if missing:
            raise ManifestError(f"{path}: entry {i} lacks {', '.join(missing)}")
        entry = dict(entry)
        entry["aliases"] = tuple(entry.get("aliases", ()))
        known = {f for f in Bureau.__dataclass_fields__}
        bureaus.append(Bureau(**{k: v for k, v in entry.items() if k in known}))
    if not bureaus:
        raise ManifestError(f"{path}: the manifest lists no [[list]] entries")
    return bureaus


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def append_entry(corpus_dir: Path, bureau: Bureau) -> None:
    """Add a [[list]] entry at the end of manifest.toml, leaving the rest of the file as written."""
    lines = ["", "[[list]]"]
    for key, value in bureau.to_dict().items():
        if key == "aliases":
            lines.append(f"aliases = [{', '.join(_toml_string(a) for a in value)}]")
        elif isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif value or key in _REQUIRED:
            lines.append(f"{key} = {_toml_string(str(value))}")
    path = corpus_dir / "manifest.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def remove_entry(corpus_dir: Path, file: str) -> bool:
    """Take the [[list]] entry of `file` out of manifest.toml; False if there is none."""
    path = corpus_dir / "manifest.toml"
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n[[list]]")
    kept = [blocks[0]]
    found = False
    for block in blocks[1:]:
        entry = tomllib.loads("[[list]]" + block)["list"][0]
        if entry.get("file") == file:
            found = True
            continue
        kept.append(block)
    if found:
        path.write_text("\n[[list]]".join(kept).rstrip("\n") + "\n", encoding="utf-8")
    return found
