"""The answer policy (prompts/policy.toml) as frozen dataclasses, one per section.

Every key is required and no unknown key is accepted, so a typo in the file is an error with
the file and key named, never a silent default.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class RetrievalPolicy:
    dense_weight: float
    lexical_weight: float
    rrf_k: float


@dataclass(frozen=True)
class ScopePolicy:
    single_char_weight: float
    min_coverage: float
    min_lexical_share: float
    min_support: float
    thing_tags: tuple[str, ...]
    own_departments: tuple[str, ...]
    frame_words: frozenset[str]
    glued_verbs: str
    glued_units: str
    trade_places: str
    trade_people: str
    story_min_clauses: int
    story_min_chars: int
    story_unknown_weight: float
    story_lexical_factor: float
    max_out_of_reach: float
    min_reach_chars: int
    asks_article_text: tuple[str, ...]
    asks_division: tuple[str, ...]
    asking_words: tuple[str, ...]


@dataclass(frozen=True)
class ChecksPolicy:
    unit_endings: tuple[str, ...]
    generic_unit_prefixes: tuple[str, ...]


@dataclass(frozen=True)
class QueryPolicy:
    national_words: frozenset[str]
    before_place: tuple[str, ...]
    after_place: tuple[str, ...]
    not_place_tags: tuple[str, ...]
    asked_for: tuple[str, ...]
    asks_phone: tuple[str, ...]
    call_mentions: tuple[str, ...]
    call_verbs: tuple[str, ...]
    phone_words: tuple[str, ...]
    asks_who: tuple[str, ...]
    asks_when: tuple[str, ...]
    short_followup_chars: int
    weak_intents: tuple[str, ...]
    topic_intent_words: tuple[str, ...]
    asked_facts: tuple[str, ...]
    story_facts: tuple[str, ...]
    list_words: tuple[str, ...]
    asks_list_contact: tuple[str, ...]


@dataclass(frozen=True)
class AnswerPolicy:
    context_weight: float
    same_rule_similarity: float
    same_sentence_similarity: float
    second_regime_factor: float
    top_section_bonus: float
    penalty_field_bonus: float
    penalty_clause_ranks: int
    unit_in_regime_ranks: int
    max_penalty_bureaus: int
    asks_two_conducts: tuple[str, ...]
    part_conduct_margin: float
    brief_conduct_chars: int
    min_penalty_match: float
    min_own_penalty_match: float
    min_unmet_penalty_match: float
    min_related_match: float
    quoted_article_within: int  # lines above a quoted article within which the law it belongs to is named
    lead_in_lines: int  # lines above a clause searched for the law its paragraph opens with
    min_official_match: float
    min_contact_match: float
    complaint_words: tuple[str, ...]
    complaint_service_bonus: float
    kind_search_hits: int
    close_match: float
    other_act_margin: float
    translated_conduct_bonus: float
    translated_acts: tuple[str, ...]
    brief_chars: int
    brief_other_chars: int
    brief_department_chars: int
    max_duty_others: int
    max_row_items: int
    asks_list: tuple[str, ...]
    department_switch_margin: float
    routing_ask_weight: float
    official_words: tuple[str, ...]
    conduct_acts: tuple[str, ...]
    plain_acts: tuple[str, ...]
    conduct_subjects: tuple[str, ...]
    clause_products: tuple[str, ...]
    actor_persons: tuple[str, ...]
    actor_bodies: tuple[str, ...]
    sanction_degrees: tuple[str, ...]
    asks_all_measures: tuple[str, ...]
    leading_acts: tuple[str, ...]
    sanctions_on_officials: tuple[str, ...]
    sanctions_on_businesses: tuple[str, ...]
    authority_actors: tuple[str, ...]
    imposed_measures: tuple[str, ...]
    accountability_bodies: tuple[str, ...]
    asks_where_to_report: tuple[str, ...]
    accountability_names: tuple[str, ...]
    asks_which_body: tuple[str, ...]
    asks_amount: tuple[str, ...]
    handling_words: tuple[str, ...]
    measure_bases: tuple[str, ...]
    asks_quantity: tuple[str, ...]
    quantity_bonus: float
    list_bonus: float
    heading_asked_share: float
    routing_agent_bonus: float
    routing_agent_share: float
    second_list_share: float
    named_list_share: float
    part_context_weight: float
    line_weight: float
    longest_sentence: int
    basis_fact_match: float
    basis_fact_sentences: int
    basis_fact_gain: float
    asks_regime_list: tuple[str, ...]
    max_list_chars: int
    max_quoted_clauses: int
    long_clause_chars: int
    asks_which_department: tuple[str, ...]
    max_other_departments: int
    asks_basis: tuple[str, ...]
    asks_basis_first: tuple[str, ...]
    generic_phone_words: tuple[str, ...]
    service_over_duty: float
    part_keep_share: float
    question_words: tuple[str, ...]
    min_story_chars: int
    ask_clause_weight: float
    ask_phrase_weight: float
    subjectless_openers: tuple[str, ...]
    asks_whether_handled: tuple[str, ...]
    followup_matters: int
    followup_matter_share: float
    asks_unit: tuple[str, ...]
    asks_role: tuple[str, ...]
    asks_main_duty: tuple[str, ...]
    asks_content: tuple[str, ...]
    asks_handler: tuple[str, ...]
    like_weight: float
    requirements: tuple[str, ...]
    assigning_acts: tuple[str, ...]
    asks_assigning: tuple[str, ...]
    like_sentence_weight: float
    compared_words: tuple[str, ...]
    question_particles: str
    brief_first_duty_chars: int
    duty_sentence_margin: float
    handled_boundary_margin: float
    unassigned_min_rarity: float
    unassigned_term_rarity: float
    unassigned_matter_similarity: float
    handled_matter_share: float
    penalty_fields: tuple[str, ...]
    handled_fields: tuple[str, ...]
    asked_measures: tuple[str, ...]
    min_measure_topic_match: float
    measure_terms: tuple[str, ...]
    check_words: tuple[str, ...]
    number_kinds: tuple[str, ...]
    not_stated_marker: str
    measure_keep_share: float
    part_measure_share: float
    part_measure_bonus: float
    timed_steps: tuple[str, ...]
    step_keep_share: float
    measure_regimes: int
    main_duty_weight: float
    asked_words_weight: float
    asks_each: tuple[str, ...]
    min_part_chars: int
    shared_word_departments: int
    shared_word_share: float
    pre_merger_units: tuple[str, ...]


@dataclass(frozen=True)
class PlacesPolicy:
    close_share: float
    candidate_hits: int
    max_options: int
    all_places: tuple[str, ...]
    reply_words: tuple[str, ...]
    max_listed_lists: int
    max_listed_provinces: int


@dataclass(frozen=True)
class Policy:
    retrieval: RetrievalPolicy
    scope: ScopePolicy
    checks: ChecksPolicy
    query: QueryPolicy
    answer: AnswerPolicy
    places: PlacesPolicy


class PolicyError(ValueError):
    """The policy file is missing, unreadable, or lacks or misspells a key."""


def _section(cls, data: dict, name: str, path: Path):
    table = data.get(name)
    if not isinstance(table, dict):
        raise PolicyError(f"{path}: no [{name}] table")
    wanted = {f.name: f for f in fields(cls)}
    unknown = sorted(set(table) - set(wanted))
    missing = sorted(set(wanted) - set(table))
    if unknown or missing:
        raise PolicyError(f"{path}: [{name}] " + "; ".join(
            ([f"unknown key(s) {', '.join(unknown)}"] if unknown else []) + ([f"missing key(s) {', '.join(missing)}"] if missing else [])))
    values = {}
    for key, f in wanted.items():
        value = table[key]
        kind = str(f.type)
        if kind.startswith("frozenset"):
            value = frozenset(value.split() if isinstance(value, str) else value)
        elif kind.startswith("tuple"):
            value = tuple(value)
        elif kind == "float":
            value = float(value)
        elif kind == "int" and not isinstance(value, int):
            raise PolicyError(f"{path}: [{name}] {key} must be a whole number")
        values[key] = value
    return cls(**values)


@lru_cache(maxsize=4)
def load_policy(path: Path) -> Policy:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read the answer policy: {exc}") from exc
    return Policy(
        retrieval=_section(RetrievalPolicy, data, "retrieval", path),
        scope=_section(ScopePolicy, data, "scope", path),
        checks=_section(ChecksPolicy, data, "checks", path),
        query=_section(QueryPolicy, data, "query", path),
        answer=_section(AnswerPolicy, data, "answer", path),
        places=_section(PlacesPolicy, data, "places", path),
    )


def default_policy() -> Policy:
    from assistant import paths

    return load_policy(paths.prompts_dir() / "policy.toml")
