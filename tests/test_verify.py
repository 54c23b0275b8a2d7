"""The number check that keeps answers honest."""

from assistant.answer.checks import numbers_in, unsupported_numbers


def test_numbers_found_in_both_scripts():
    assert numbers_in("联系电话 0736-2691625、0736-2691658，处三万元以下罚款，30％") == ["0736-2691625", "0736-2691658", "30", "三万"]


def test_a_number_not_in_the_cited_lines_is_reported():
    cited = "对于销售未取得制造、修理计量器具许可的产品的，处以3000元罚款。"
    assert unsupported_numbers("处以3000元罚款", cited) == []
    assert unsupported_numbers("处以30000元罚款", cited) == ["30000"]
    assert unsupported_numbers("处以300元罚款", cited) == ["300"]  # a part of 3000 is not 3000
    assert unsupported_numbers("处三万元以下罚款", "处三十万元以下罚款") == ["三万"]
    assert unsupported_numbers("电话 0316-5255905", cited) == ["0316-5255905"]
