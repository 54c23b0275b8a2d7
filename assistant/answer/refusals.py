"""The answers that say the lists give none, each with its reason: a refusal in the templates' words,
a part of a list that could not be read (never presented as the list saying nothing), a phone or a
fine the named list does not give, a place with no list of its own."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.templates import Templates
from assistant.answer.types import Answer
from assistant.corpus.load import Corpus
from assistant.corpus.manifest import Bureau
from assistant.corpus.places import PROVINCE, Place, PlaceTree
from assistant.policy import PlacesPolicy

# the section kind that holds the answer to each intent (coverage reports use these kinds)
_SECTION_OF_INTENT = {"contact": "services", "routing": "boundary", "penalty": "regimes", "regime": "regimes",
                      "duty": "duty"}


@dataclass
class Refusals:
    templates: Templates
    corpus: Corpus
    bureaus: dict[str, Bureau]  # by file
    places: PlaceTree
    policy: PlacesPolicy

    def covered(self) -> str:
        """The lists a refusal says it can answer from: each one for a handful, else a summary."""
        if len(self.bureaus) <= self.policy.max_listed_lists:
            return "、".join(f"{b.bureau}（{b.province}）" for b in self.bureaus.values())
        limit = self.policy.max_listed_provinces
        provinces = [p.name for p in self.places.provinces()]
        names = "、".join(provinces[:limit]) + ("等" if len(provinces) > limit else "")
        example = next((p.name for p in self.places.places() if p.kind != PROVINCE), provinces[0])
        return self.templates.get("places", "covered_many", lists=len(self.bureaus), provinces=len(provinces),
                                  names=names, example=example)

    def refusal(self, name: str, **values) -> Answer:
        return Answer(body=self.templates.get("refusal", name, covered=self.covered(), **values), refused=True,
                      kind="refusal")

    def unread(self, files: list[str], intent: str) -> Answer | None:
        """When a part of these lists that could hold the answer was not read: say so, instead
        of saying the list gives none."""
        kind = _SECTION_OF_INTENT.get(intent)
        if kind is None:
            return None
        gaps = [(f, s) for f in files for s in self.corpus.unreadable_sections(f, kind)]
        if not gaps:
            return None
        parts = "；".join(f"{self.bureaus[f].bureau}“{s.section}”" for f, s in gaps[:3] if f in self.bureaus)
        return Answer(body=self.templates.get("refusal", "unread", parts=parts), refused=True, kind="refusal")

    def not_given(self, files: list[str], intent: str) -> Answer:
        """The lists give no answer: a refusal, or the parts that could not be read."""
        unread = self.unread(files or list(self.bureaus), intent)
        if unread:
            return unread
        if intent == "contact":
            return self.no_phone(files)
        if intent == "penalty" and files:
            return self.refusal("no_fine", bureau="、".join(self.bureaus[f].bureau for f in files))
        return self.refusal("not_found")

    def no_phone(self, files: list[str]) -> Answer:
        """A phone was asked for that the lists do not give: say so, never a number."""
        names = "、".join(self.bureaus[f].bureau for f in files) or "现有"
        return Answer(body=self.templates.get("contact", "refused_no_phone", bureau=names), refused=True, kind="refusal")

    def no_own_list(self, place: Place) -> Answer:
        """The bureau of a place that has no list of its own was asked about: say which lists
        there are below it."""
        below = "、".join(self.bureaus[f].bureau for f in place.files()[: self.policy.max_options])
        return Answer(body=self.templates.get("places", "no_own_list", place=place.name, below=below), refused=True,
                      kind="refusal")
