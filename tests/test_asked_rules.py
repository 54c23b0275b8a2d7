"""Small rules of what a question asks, on hand-made text and the real corpus files: the article a sentence
hands a case to, the law a clause's part opens with, a short label joined to its sentence, a fine named by
its amount, a short question pointing back, and two bureaus each asked about."""

from __future__ import annotations

from pathlib import Path

from assistant import paths
from assistant.answer.chat import is_elliptical
from assistant.answer.compare import _COMPARING
from assistant.answer.query import detect_intent, load_vocabulary
from assistant.answer.writers.lines import labels_joined
from assistant.answer.writers.referenced import lead_in_basis, referenced_article
from assistant.corpus.parse.source import SourceText

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def source(name: str) -> SourceText:
    return SourceText(name, (CORPUS / name).read_text(encoding="utf-8").splitlines())


def test_an_article_is_found_where_the_list_quotes_it_under_that_law():
    text = source("000_e78a3302d4a7bc81.txt")
    found = referenced_article("按照《中华人民共和国产品质量法》第五十六条规定处理。", text, 40)
    assert found is not None and found.line == 1201 and found.text.startswith("拒绝接受依法进行的产品质量监督检查")
    # named without 中华人民共和国, the same law
    short = referenced_article("按照《产品质量法》第五十六条规定处理。", text, 40)
    assert short is not None and short.line == 1201
    # an article the list never quotes, and the article of a law it never names, are not found
    assert referenced_article("按照《中华人民共和国产品质量法》第九十九条规定处理。", text, 40) is None
    assert referenced_article("按照《中华人民共和国海关法》第五十六条规定处理。", text, 40) is None


def test_an_article_quoted_under_another_law_is_not_taken_for_the_one_referred_to():
    lines = ["（1）《中华人民共和国计量法》", "第九条　县级以上人民政府计量行政部门对…实行强制检定。",
             "（2）《中华人民共和国标准化法》", "第九条　另一部法的第九条。"] + [""] * 45 + ["按照《中华人民共和国计量法》第九条规定处理。"]
    found = referenced_article(lines[-1], SourceText("x.txt", lines), 60)
    assert found is not None and found.line == 2
    # only another law's 第九条 quoted: none
    other = lines[:1] + lines[2:]
    assert referenced_article(other[-1], SourceText("x.txt", other), 60) is None


def test_the_law_a_clauses_part_opens_with_is_found_below_its_heading_only():
    text = source("004_4709594b1805b681.txt")
    assert lead_in_basis(text, 32, 8) == (30, "《设备监理单位资格管理办法》")
    lines = ["五、监督评审处理", "", "（一）未取得资格承揽业务的，处以1万元以上3万元以下罚款。"]
    assert lead_in_basis(SourceText("x.txt", lines), 3, 8) is None


def test_a_numbered_label_joins_the_sentence_it_heads_and_a_plain_sentence_does_not():
    assert labels_joined(["（2）拒检处理。", "被抽查企业拒绝的，依法处理。"]) == ["（2）拒检处理。被抽查企业拒绝的，依法处理。"]
    assert labels_joined(["依法处理。", "另行通知。"]) == ["依法处理。", "另行通知。"]


def test_a_fine_named_by_its_amount_asks_about_a_penalty_and_a_count_of_penalties_does_not():
    vocab = load_vocabulary(paths.prompts_dir() / "vocabulary.toml")
    assert detect_intent("改了关键零部件，是不是也就罚三千以下？", vocab) == "penalty"
    assert detect_intent("这种情况罚2万对吗？", vocab) == "penalty"
    assert detect_intent("常德质监局的行政处罚一般要多久？", vocab) != "penalty"
    assert detect_intent("质监局在特种设备安全方面承担什么责任？", vocab) != "penalty"
    assert detect_intent("提前给企业通风报信，这个人要承担什么责任？", vocab) == "penalty"


def test_a_short_question_pointing_back_at_the_earlier_rule_is_elliptical():
    assert is_elliptical("定安是不是也这样？") and is_elliptical("衡水也一样？")
    assert not is_elliptical("我也这样？") and not is_elliptical("明天天气也这样？")


def test_each_bureau_asked_is_a_comparison_and_every_related_department_is_not():
    assert _COMPARING.search("常德的产品抽查和衡水的流通领域抽检各是怎么规定的？")
    assert not _COMPARING.search("常德和衡水各有关部门怎么配合？")


def test_the_doer_asked_against_the_doer_fined():
    from assistant.answer.writers.conduct import other_actor, plain_act_words
    from assistant.corpus.records import PenaltyClause
    from assistant.policy import default_policy

    p = default_policy().answer
    acts = (*p.conduct_acts, *plain_act_words(p.plain_acts))

    def clause(sentence: str) -> PenaltyClause:
        return PenaltyClause(source="s.txt", bureau="b", section_path=["a"], start_line=1, end_line=1,
                             sentence=sentence, violation="")

    on_bodies = clause("（三）对于有下列行为之一的机构，予以警告，并处一千元以下的罚款。")
    assert other_actor("计量检定人员伪造检定数据罚多少", on_bodies, acts, p.actor_persons, p.actor_bodies)
    assert not other_actor("检定机构伪造数据罚多少", on_bodies, acts, p.actor_persons, p.actor_bodies)
    assert not other_actor("检定机构的人员罚多少", on_bodies, acts, p.actor_persons, p.actor_bodies)  # no act named
    # a law's title names no doer; the last doer named before the act is the one asked
    by_law = clause("存在《计量检定人员管理办法》中规定的伪造数据等行为的，予以警告。")
    assert not other_actor("检定机构伪造数据", by_law, acts, p.actor_persons, p.actor_bodies)
    assert other_actor("检定机构的人员伪造数据", on_bodies, acts, p.actor_persons, p.actor_bodies)
    # the reverse: a body asked, a clause on persons
    on_persons = clause("计量检定人员伪造检定数据的，予以警告，并处1千元以下罚款。")
    assert other_actor("检定机构伪造检定数据罚多少", on_persons, acts, p.actor_persons, p.actor_bodies)
    # a clause on either kind, or opening with its act, names no doer the question could differ from
    either = clause("对于取得制造、修理计量器具许可的单位或个人应当办理许可证变更手续而未办理的，责令改正。")
    assert not other_actor("制造企业改变了生产地址没办变更，罚多少？", either, acts, p.actor_persons, p.actor_bodies)
    opening = clause("伪造、涂改、出租、转让设备监理单位资格证书的，予以警告。")
    assert not other_actor("个人伪造设备监理资格证书罚多少", opening, acts, p.actor_persons, p.actor_bodies)
    # 人员 before 资格 is what was held; the question opening with its act names no doer
    assert not other_actor("检定机构聘请没有检定人员资格的人伪造数据", on_bodies, acts, p.actor_persons, p.actor_bodies)
    assert not other_actor("出租车公司的司机伪造计价器检定证书", on_bodies, acts, p.actor_persons, p.actor_bodies)


def test_a_requirement_held_against_a_conduct_without_it():
    from assistant.answer.writers.conduct import had_requirement
    from assistant.policy import default_policy

    req = default_policy().answer.requirements
    without = "制造、销售未经型式批准或样机试验合格的计量器具新产品的"
    assert had_requirement("企业拿到型式批准后私自改了计量器具结构，罚多少？", without, req)
    # a question without it, or one that held another requirement only, is no holder of this one
    assert not had_requirement("企业没经过型式批准就造了新产品去卖，罚多少？", without, req)
    assert not had_requirement("企业拿了制造许可证，新产品却没做型式批准，罚多少？", without, req)
    # what a holder failed to do is its own conduct ("取得…许可的…未办理变更")
    holders = "对于取得制造、修理计量器具许可的单位或个人应当办理许可证变更手续而未办理的"
    assert not had_requirement("早就拿了制造计量器具许可证，后来一直没去办许可证变更", holders, req)
