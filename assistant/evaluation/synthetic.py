"""A scale corpus for measuring: N lists made from the real ones, each copy given a fictional
place and bureau.

Copy i is a rewrite of real list i mod 5 (in manifest order). By default every copy gets its own
county and city (so no two copies answer to the same place name), every fifty copies share a
province. A smaller province (`per_province`) and county lists sharing a city (`per_city`: the
county and district copies of that many consecutive copies sit in one city, the city of the
group's first copy) give a place tree with several counties per city, for tests of places.
Place names are composed from two syllable lists with a fixed seed and checked against
the real names of the manifest and the real provinces, so no copy claims a real place. The
rewrite replaces the original's place names (full and stem: 常德市 and 常德) and every phone
number, one line at a time, so a copy has exactly the original's lines: a gold question of the
original maps to the copy by rewriting its place names and changing the file name.

Written into a folder the caller names (a temporary one); never into the product's corpus.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from assistant.corpus.manifest import Bureau, load_manifest

SEED = 20240613
REAL_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
# syllables that read like place names; the composed names are checked against the real ones
_FIRST = "岚澄柘蘅琰翎芷沅棠荻苒汀珞瑶琦璟瑾霁骞岱崧峤岫嵘峦溟泓澜漪涟湄渚浔汐沄沣淇湛琛珩玥璃翊霏雯珑琬瑜璇琨岑嵋峪澈滢潆沛涵"
_SECOND = "禾苓萱蔚芊莘茗萝蕤棣桦楠枫梧榆樟杉桐栎槐樾杪柯栩枰棹橼芃荇蘋蓁菁茈蘩筠篁蓼苡芮葳萏莳"
_SUFFIX_RE = re.compile(r"(省|市|县|区)$")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-)?(?:1\d{10}|\d{7,8})(?!\d)")


@dataclass(frozen=True)
class Place:
    province: str  # "岚禾省"
    city: str  # "澄苓市"
    county: str  # "柘萱县" or "柘萱区", by the original's level


@dataclass(frozen=True)
class Copy:
    """One synthetic list: which real list it rewrites and how."""

    index: int
    original: Bureau
    bureau: Bureau
    names: dict[str, str]  # real name → fictional name, longest first

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        return re.compile("|".join(re.escape(k) for k in self.names)) if self.names else None

    def rewrite(self, text: str) -> str:
        """The original's place and bureau names replaced; phone numbers changed (same shape)."""
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self.names[m.group(0)], text)
        return _PHONE.sub(lambda m: _fake_phone(m.group(0), self.index), text)

    def map_gold(self, item: dict) -> dict:
        """A gold question of the original, asked of this copy (same lines, the copy's file)."""
        out = dict(item)
        out["id"] = f"{item['id']}@{self.bureau.file}"
        out["question"] = self.rewrite(item["question"])
        if item.get("history"):
            out["history"] = [{**turn, "content": self.rewrite(turn["content"])} for turn in item["history"]]
        if item.get("bureau"):
            out["bureau"] = self.rewrite(item["bureau"])
        out["gold"] = [{**g, "source": self.bureau.file} for g in item.get("gold", [])]
        return out


def _fake_phone(number: str, salt: int) -> str:
    """A different number of the same shape (area code kept), the same for the same input."""
    area, _, local = number.rpartition("-")
    digest = hashlib.sha256(f"{salt}|{number}".encode()).hexdigest()
    digits = "".join(str(int(c, 16) % 10) for c in digest)
    new = local[0] + digits[: len(local) - 1]  # keep the first digit: 1 for mobiles, no leading 0
    if new == local:
        new = local[0] + digits[1 : len(local)]
    return f"{area}-{new}" if area else new


def real_names(bureaus: list[Bureau]) -> set[str]:
    """Every real place or bureau name of the manifest and the provinces, with and without suffix."""
    names = set(REAL_PROVINCES)
    for b in bureaus:
        for n in (b.bureau, b.short_name, b.province, b.city, *b.aliases):
            if n:
                names.add(n)
                names.add(_SUFFIX_RE.sub("", n))
    return names


def fictional_stems(count: int, forbidden: set[str], seed: int = SEED) -> list[str]:
    """`count` distinct two-character names, none of them (or containing) a real name."""
    from assistant.text import normalize, simplified

    # a question is simplified before it is matched: a name must read the same after it
    pool = [a + b for a in _FIRST for b in _SECOND if a != b and simplified(normalize(a + b)) == a + b]
    random.Random(seed).shuffle(pool)
    stems = [s for s in pool if not any(s in f or f in s for f in forbidden if len(f) >= 2)]
    if len(stems) < count:
        raise ValueError(f"only {len(stems)} fictional names available, {count} needed")
    return stems[:count]


MAX_PROVINCES = 100


def places(n: int, originals: list[Bureau], per_province: int = 50, per_city: int = 1) -> list[Place]:
    """Place of each copy: its own county, a province per `per_province` copies; its own city,
    except that a county or district copy shares the city of the first of every `per_city`
    copies. Copy i's names do not depend on N, so the first N copies of a larger corpus are the
    same lists."""
    if per_province < 1 or per_city < 1:
        raise ValueError("per_province and per_city must be at least 1")
    if n > per_province * MAX_PROVINCES:
        raise ValueError(f"at most {per_province * MAX_PROVINCES} synthetic lists")
    stems = fictional_stems(MAX_PROVINCES + 2 * n, real_names(originals))
    out = []
    for i in range(n):
        original = originals[i % len(originals)]
        in_a_city = original.city and original.level not in ("市", "省") and original.short_name != original.city
        city = stems[MAX_PROVINCES + 2 * (i - i % per_city if in_a_city else i)]
        county = stems[MAX_PROVINCES + 2 * i + 1]
        out.append(Place(f"{stems[i // per_province]}省", f"{city}市", f"{county}{'区' if original.level == '区' else '县'}"))
    return out


def _name_map(original: Bureau, place: Place) -> dict[str, str]:
    """Real name → fictional name for one copy: province, city and the list's own place, each
    full (常德市) and as a stem (常德)."""
    pairs: dict[str, str] = {}

    def add(real: str, fake: str) -> None:
        if real and real not in pairs:
            pairs[real] = fake
            stem, fake_stem = _SUFFIX_RE.sub("", real), _SUFFIX_RE.sub("", fake)
            if len(stem) >= 2 and stem not in pairs:
                pairs[stem] = fake_stem

    own = original.short_name
    if original.level == "市" or own == original.city:
        add(own, place.city)
    else:
        add(own, place.county)
    add(original.city, place.city)
    add(original.province, place.province)
    return dict(sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True))


def plan(n: int, originals: list[Bureau], per_province: int = 50, per_city: int = 1) -> list[Copy]:
    """The N copies: which original each rewrites, its fictional place and manifest entry."""
    copies = []
    for i, place in enumerate(places(n, originals, per_province, per_city)):
        original = originals[i % len(originals)]
        names = _name_map(original, place)
        draft = Copy(i, original, original, names)
        aliases = tuple(dict.fromkeys(draft.rewrite(a) for a in original.aliases))
        bureau = replace(
            original,
            file=f"syn{i:05d}_{Path(original.file).stem.split('_')[0]}.txt",
            bureau=draft.rewrite(original.bureau),
            short_name=draft.rewrite(original.short_name),
            aliases=aliases,
            province=draft.rewrite(original.province),
            city=draft.rewrite(original.city) if original.city else "",
        )
        copies.append(Copy(i, original, bureau, names))
    return copies


def _toml_entry(b: Bureau) -> str:
    def q(s: str) -> str:
        return json.dumps(s, ensure_ascii=False)

    return "\n".join([
        "[[list]]",
        f"file = {q(b.file)}",
        f"bureau = {q(b.bureau)}",
        f"short_name = {q(b.short_name)}",
        f"aliases = [{', '.join(q(a) for a in b.aliases)}]",
        f"province = {q(b.province)}",
        f"city = {q(b.city)}",
        f"level = {q(b.level)}",
        f"date = {q(b.date)}",
        f"predates_2018_merger = {'true' if b.predates_2018_merger else 'false'}",
        "",
    ])


def generate(source_dir: Path, target_dir: Path, n: int, per_province: int = 50, per_city: int = 1) -> list[Copy]:
    """Write N synthetic lists and their manifest into `target_dir` (created; must not be the
    source folder). Deterministic: the same arguments give the same bytes."""
    if target_dir.resolve() == source_dir.resolve():
        raise ValueError("the synthetic corpus must go into its own folder, never the real corpus")
    originals = load_manifest(source_dir)
    copies = plan(n, originals, per_province, per_city)
    target_dir.mkdir(parents=True, exist_ok=True)
    texts = {b.file: (source_dir / b.file).read_bytes().decode("utf-8") for b in originals}
    for c in copies:
        # no name or number spans a line end, so the copy has exactly the original's lines
        (target_dir / c.bureau.file).write_text(c.rewrite(texts[c.original.file]), encoding="utf-8", newline="")
    (target_dir / "manifest.toml").write_text(manifest_text(copies), encoding="utf-8")
    return copies


def manifest_text(copies: list[Copy]) -> str:
    """The manifest.toml of a synthetic corpus."""
    header = "# Synthetic lists for measuring at scale: fictional places, rewritten from the real lists.\n\n"
    return header + "\n".join(_toml_entry(c.bureau) for c in copies)


def map_gold(gold: list[dict], copies: list[Copy], seed: int = SEED) -> list[dict]:
    """Each single-list, answerable gold question asked of a random copy of its list; the copy's
    bureau is chosen when the rewritten question does not name it."""
    by_original: dict[str, list[Copy]] = {}
    for c in copies:
        by_original.setdefault(c.original.file, []).append(c)
    rng = random.Random(seed)
    out = []
    for item in gold:
        sources = {g["source"] for g in item.get("gold", [])}
        if item.get("expect_refused") or len(sources) != 1 or not by_original.get(next(iter(sources))):
            continue
        copy = rng.choice(by_original[next(iter(sources))])
        mapped = copy.map_gold(item)
        if not any(name in mapped["question"] for name in copy.bureau.names):
            mapped["bureau"] = copy.bureau.bureau
        out.append(mapped)
    return out
