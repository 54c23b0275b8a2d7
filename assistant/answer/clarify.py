"""Asking back which place the caller is in.

When no place is known (neither the question, the chosen place nor an earlier turn names one
whose lists are among the candidates) and the best-matching passages come from lists of more
than one place with close scores, the answer (from the best-matching list, which it names)
carries a question — "您在哪个市/县？" — and the candidate places as options. An option sent back
as the next question, with the conversation, resolves to that place (see chat / understand).

The rule's numbers are in prompts/policy.toml [places]; the question's words in
prompts/answers.toml [clarify].
"""

from __future__ import annotations

from assistant.answer.templates import Templates
from assistant.answer.types import Answer, Clarify
from assistant.corpus.places import PROVINCE, Place, PlaceTree
from assistant.policy import PlacesPolicy
from assistant.search.retrieve import Hit


def candidates(hits: list[Hit], tree: PlaceTree, policy: PlacesPolicy) -> list[Place]:
    """The places of the lists whose passages score close to the best one, best first."""
    if not hits or hits[0].lexical <= 0:
        return []
    bar = policy.close_share * max(h.lexical for h in hits[: policy.candidate_hits])
    out: list[Place] = []
    for h in hits[: policy.candidate_hits]:
        place = tree.node_of.get(h.chunk.source)
        if h.lexical >= bar and place is not None and place not in out:
            out.append(place)
    return out


def _unique(places: list[Place]) -> list[Place]:
    out: list[Place] = []
    for p in places:
        if p not in out:
            out.append(p)
    return out


def option_places(found: list[Place], named: list[Place], max_options: int) -> list[Place]:
    """The places to offer: the most specific level below the named place (if any) at which the
    candidates are told apart with at most `max_options` places; when none is, the first
    `max_options` places of the highest level that still tells them apart (best first)."""
    floor = max((p.depth for p in named), default=0)
    deepest = max(p.depth for p in found)
    for depth in range(deepest, floor, -1):
        level = _unique([p.at_depth(depth) for p in found])
        if 1 < len(level) <= max_options:
            return level
    for depth in range(floor + 1, deepest + 1):
        level = _unique([p.at_depth(depth) for p in found])
        if len(level) > 1:
            return level[:max_options]
    return []


def places_to_ask(text: str, hits: list[Hit], tree: PlaceTree, named: list[Place], policy: PlacesPolicy) -> list[Place]:
    """The places to offer when the answer should ask which one the caller is in, else []: the
    close passages come from more than one place, none of those places was named, and the
    question does not ask about every place ("各地罚多少？")."""
    if any(w in text for w in policy.all_places):
        return []
    found = candidates(hits, tree, policy)
    if len(found) < 2 or any(p in named for p in found):
        return []
    places = option_places(found, named, policy.max_options)
    return places if len(places) > 1 else []


def ask_back(answer: Answer, places: list[Place], tree: PlaceTree, templates: Templates) -> Clarify | None:
    """The question back, naming the list(s) the answer comes from; None when the answer was
    refused (asking where the caller is does not make a refusal an answer) or names no list."""
    if answer.refused or len(places) < 2 or not answer.bureaus:
        return None
    level = templates.get("clarify", "level_province" if all(p.kind == PROVINCE for p in places) else "level_place")
    named = answer.bureaus[0] if len(answer.bureaus) == 1 else templates.get(
        "clarify", "named_many", first=answer.bureaus[0], count=len(answer.bureaus))
    question = templates.get("clarify", "question", named=named, level=level)
    return Clarify(question, [tree.option_label(p) for p in places])
