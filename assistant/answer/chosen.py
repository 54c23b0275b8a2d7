"""The lists a caller chose on the page or in the API: a place path (河北省/衡水市), a place's or a
bureau's name, or none (全部). Unknown names are an input error that says what may be chosen."""

from __future__ import annotations

from assistant.answer.inputs import InputError
from assistant.answer.query import find_bureaus, place_matches
from assistant.corpus.manifest import Bureau
from assistant.corpus.places import Place, PlaceTree
from assistant.text import normalize, simplified

_ALL = ("", "全部", "all")


def resolve_place(place: str | None, tree: PlaceTree, bureaus: list[Bureau], max_listed: int) -> list[Place]:
    """The places a chosen place or bureau names; [] for none or 全部. InputError when it names none
    of the lists' places."""
    if place is None or place in _ALL:
        return []
    ref = simplified(normalize(str(place)))
    if "/" in ref:  # a path: every step must be a place of the tree
        node = tree.by_key(ref)
        nodes = [node] if node is not None else []
    else:
        nodes = [m.place for m in place_matches(ref, bureaus)]
    if not nodes:
        raise InputError(f"unknown bureau {place!r}: no place or bureau of the lists has this name; "
                         f"{known_places(tree, bureaus, max_listed)} (未知地区)", "unknown_bureau")
    return list(dict.fromkeys(nodes))


def resolve_bureau(bureau: str | None, tree: PlaceTree, bureaus: list[Bureau], max_listed: int) -> list[str]:
    """The files of the lists a chosen place or bureau covers ([] for none or 全部)."""
    if bureau is None or bureau in _ALL:
        return []
    ref = simplified(normalize(str(bureau)))
    if "/" not in ref:
        files, _ = find_bureaus(ref, bureaus)
        if files:
            return files
    return tree.files_of_places(resolve_place(bureau, tree, bureaus, max_listed))


def known_places(tree: PlaceTree, bureaus: list[Bureau], max_listed: int) -> str:
    """What a chosen place may be, for an error message (bounded however many lists there are)."""
    if len(bureaus) <= max_listed:
        return "the lists cover: " + "、".join(b.short_name for b in bureaus)
    return (f"the {len(bureaus)} lists cover {len(tree.provinces())} provinces; name a province, "
            "city or county, or give a path such as " + tree.places()[-1].key)
