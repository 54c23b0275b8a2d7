"""What a question must be to be answered: text, not empty, not too long, with words, and not so
full of rare characters that analysing it would hold the answer lock too long. Every interface
(the CLI, the HTTP API, the chat page, the LangChain retriever) checks a question here first."""

from __future__ import annotations

import re
import unicodedata

from assistant.answer.condense import condense
from assistant.policy import default_policy
from assistant.text import CJK_CLASS, clean_input, normalize, simplified, tagging_cost

# Limits that bound the work one question holds the answer lock for (scripts/hostile_bench.py
# measures it): at most 120 characters of a question are analysed, which holds the largest
# requests under 50 ms on 2 cores (160 or 200 characters of rare characters under the tagging
# budget took 60–65 ms); a longer story is answered from its asking sentence and what fits before
# it (see condense), up to 1,000 characters sent. The tagging budget refuses runs of rare
# characters that the part-of-speech HMM would spend seconds on.
MAX_QUESTION_CHARS = 120
MAX_STORY_CHARS = 1_000
MAX_TAGGING_COST = 20_000
_MEANINGFUL = re.compile(f"[{CJK_CLASS}A-Za-z0-9]")


class InputError(ValueError):
    """The question (or its bureau / history) cannot be answered as given; the message says why
    and `code` says what kind of problem it is (empty, too_long, no_words, rare_characters,
    unknown_bureau, not_text), for interfaces that word it themselves."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def validate_question(question) -> str:
    """The question as it will be answered: cleaned (see `clean_input`) and stripped; InputError
    when it is not a string, empty, too long, has no words, or would cost too much to analyse."""
    if not isinstance(question, str):
        raise InputError("question must be a string", "not_text")
    text = clean_input(question).strip()
    if not text:
        raise InputError("the question is empty (问题为空)", "empty")
    if len(text) > MAX_STORY_CHARS:
        raise InputError(f"the question is {len(text)} characters long; the limit is {MAX_STORY_CHARS} (问题过长)",
                         "too_long")
    if not _MEANINGFUL.search(unicodedata.normalize("NFKC", text)):
        raise InputError("the question has no words, only punctuation or symbols (问题中没有文字)", "no_words")
    # the part the tagger will see, in the form it will see it
    check_tagging(condense(simplified(normalize(text)), MAX_QUESTION_CHARS, default_policy().scope.asking_words).text)
    return text


def check_tagging(analysed: str) -> None:
    if tagging_cost(analysed) > MAX_TAGGING_COST:
        raise InputError("the question has too many rare characters in a row that form no known word; "
                         "please ask in plain words (问题中无法识别的字过多)", "rare_characters")
