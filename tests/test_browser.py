"""The chat page in Debian's headless Chromium (Selenium 4, /usr/bin/chromedriver; nothing is
downloaded). Uses the same `assistant serve` subprocess as tests/test_api.py.

Chromium missing is a FAILURE, not a skip: scripts/test.sh installs `chromium chromium-driver`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from test_api import SHOES, SHOES_SOURCE, shared_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1800"]
WAIT = 60  # seconds for the page or an answer to appear

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="session")
def server(tmp_path_factory, request):
    return shared_server(tmp_path_factory, request)


@pytest.fixture
def driver(monkeypatch):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: install Debian's browser with "
                    "`apt-get install -y chromium chromium-driver` (scripts/test.sh does this)")
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never download a browser or driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # to see Content-Security-Policy violations
    d = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    d.set_page_load_timeout(WAIT)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(d, predicate, what: str):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(d, WAIT, poll_frequency=0.25).until(lambda _: predicate())
    except TimeoutException:
        if getattr(d, "shot_dir", None):
            d.save_screenshot(str(d.shot_dir / "timeout.png"))
        pytest.fail(f"timed out after {WAIT} s waiting for {what}")


def text_of(d, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return d.find_element(By.ID, element_id).text


def submit(d, question: str, press_enter: bool = False) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = d.find_element(By.CSS_SELECTOR, "#question textarea")
    box.clear()
    box.send_keys(question)
    if press_enter:
        box.send_keys(Keys.ENTER)
    else:
        d.find_element(By.ID, "send").click()


def open_citation(d, source: str, line: int):
    """Click the newest answer's citation of `source` covering `line`; returns its <details>."""
    from selenium.webdriver.common.by import By

    turn = d.find_elements(By.CSS_SELECTOR, "#sources .turn")[0]
    for summary in turn.find_elements(By.CSS_SELECTOR, "details.cite > summary"):
        m = re.search(r"(\S+\.txt) 第(\d+)(?:–(\d+))?行", summary.text)  # 第329行 or 第324–328行
        if m and m.group(1) == source and int(m.group(2)) <= line <= int(m.group(3) or m.group(2)):
            d.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
            summary.click()
            return summary.find_element(By.XPATH, "..")
    pytest.fail(f"no citation of {source} line {line} in the newest answer:\n{turn.text}")


def open_fold(d):
    """Click the newest answer's “依据与详情”; returns the folded lines' element once it is shown."""
    from selenium.webdriver.common.by import By

    folded = d.find_elements(By.CSS_SELECTOR, "#chat details.answer-more")[-1]
    rest = folded.find_element(By.CSS_SELECTOR, ".answer-rest")
    summary = folded.find_element(By.TAG_NAME, "summary")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
    summary.click()
    wait_for(d, lambda: rest.is_displayed(), "the folded lines after clicking 依据与详情")
    return rest


def check_folded_answer(d) -> None:
    """The leather-shoes answer: its first line is shown in bold; the rest (the list it comes from,
    the case, the note) is folded under “依据与详情” until clicked; the citations stay in view."""
    from selenium.webdriver.common.by import By

    first = "找县工商局：受理流通领域产品质量投诉、举报和咨询。[1]"
    chat = d.find_element(By.ID, "chat")
    assert [e for e in chat.find_elements(By.CSS_SELECTOR, "strong") if e.text.startswith(first) and e.is_displayed()]
    folded = chat.find_element(By.CSS_SELECTOR, "details.answer-more")
    rest = folded.find_element(By.CSS_SELECTOR, ".answer-rest")
    assert folded.get_attribute("open") is None and not rest.is_displayed()
    before = chat.text
    assert first in before and "依据与详情" in before and f"{SHOES_SOURCE} 第329行" in before
    assert "定安县质量技术监督局的清单" not in before and "注（非清单内容）" not in before
    lines = open_fold(d).text.split("\n")  # one line of the answer per line on screen
    assert lines[0] == "（定安县质量技术监督局的清单，管理事项「申诉处理」）", lines
    assert lines[1].startswith("案例：") and "刚穿几天就掉底了" in lines[1] and lines[-1].startswith("注（非清单内容）"), lines
    d.save_screenshot(str(d.shot_dir / "chat-folded-open.png"))


def test_chat_page(server, driver, tmp_path):
    from selenium.webdriver.common.by import By

    d = driver
    d.shot_dir = tmp_path
    d.get(server.url + "/")
    wait_for(d, lambda: d.find_elements(By.CSS_SELECTOR, "#question textarea"), "the question box")
    assert "清单问答" in d.title
    page = d.find_element(By.TAG_NAME, "body").text
    assert all(d.find_element(By.CSS_SELECTOR, f"#{level} input").get_attribute("value") == "全部"
               for level in ("province", "city", "county"))
    for label in ("市民", "热线接线员", "机关工作人员", SHOES):
        assert label in page, f"{label!r} missing from the page"

    # 1. the leather-shoes question: an answer about 工商 with citations of 002
    submit(d, SHOES)
    wait_for(d, lambda: "工商" in text_of(d, "chat") and SHOES_SOURCE in text_of(d, "chat"), "a cited answer about 工商")
    assert "⚠ 无法回答" not in text_of(d, "chat")
    check_folded_answer(d)
    hidden = "刚穿几天就掉底了，要求商场退货未果"
    assert hidden not in text_of(d, "sources"), "citations should start collapsed"
    details = open_citation(d, SHOES_SOURCE, 329)
    wait_for(d, lambda: hidden in details.text, "line 329 of 002 after opening the citation")
    assert "329" in details.text and "定安县质量技术监督局" in details.text and "申诉处理" in details.text
    d.save_screenshot(str(tmp_path / "chat-citation.png"))

    # 2. a follow-up uses the earlier turn (the bureau and topic come from history)
    submit(d, "文安县的特种设备作业人员培训和发证找哪个股室？", press_enter=True)
    wait_for(d, lambda: "第2问" in text_of(d, "sources"), "the 文安县 answer")
    submit(d, "电话是多少？")
    wait_for(d, lambda: "第3问" in text_of(d, "sources"), "the follow-up answer")
    newest = d.find_elements(By.CSS_SELECTOR, "#sources .turn")[0].text
    assert "第3问：电话是多少？" in newest and "001_2320c17b8dd43b94.txt" in newest, newest
    assert re.search(r"0316-?\d{7}", text_of(d, "chat").split("电话是多少？")[-1])

    # 3. corpus text is shown as text: 003 has literal <p> tags
    submit(d, "博山区的“12365”质监热线由谁承担管理？")
    wait_for(d, lambda: "第4问" in text_of(d, "sources"), "the 博山区 answer")
    details = open_citation(d, "003_96b6d37a1365f6e3.txt", 33)
    wait_for(d, lambda: "<p>" in details.text, "literal <p> in the 003 source lines")
    assert not d.find_elements(By.CSS_SELECTOR, "#sources details.cite p:not(.hint):not(.src-missing)")

    # 4. an empty question gives a clear message, not a traceback
    submit(d, "   ")
    wait_for(d, lambda: "问题为空" in text_of(d, "status"), "the empty-question message")
    assert "Traceback" not in d.find_element(By.TAG_NAME, "body").text

    # 5. 清空对话 starts over; a refusal looks different
    d.find_element(By.ID, "clear").click()
    wait_for(d, lambda: "第1问" not in text_of(d, "sources") and not text_of(d, "status"), "the cleared conversation")
    submit(d, "今天天气怎么样？")
    wait_for(d, lambda: "⚠ 无法回答" in text_of(d, "chat"), "the refusal warning")
    # a refusal is shown whole in the warning quote, nothing folded
    quote = d.find_element(By.CSS_SELECTOR, "#chat blockquote")
    assert "抱歉" in quote.text and quote.text.rstrip("。").endswith("12315"), quote.text
    assert not d.find_elements(By.CSS_SELECTOR, "#chat details")

    # 6. with no place chosen, an answer that several places' lists give asks which place, with
    # buttons; a button sends its place and the question is answered from that place's list
    d.find_element(By.ID, "clear").click()
    wait_for(d, lambda: "第1问" not in text_of(d, "sources"), "the cleared conversation")
    submit(d, "质量月活动是每年几月份？")
    wait_for(d, lambda: "您在哪个市/县？" in text_of(d, "chat"), "the question back")
    buttons = {b.text: b for b in d.find_elements(By.CSS_SELECTOR, "#clarify button") if b.is_displayed()}
    assert "定安县" in buttons and "文安县" in buttons, list(buttons)
    d.save_screenshot(str(tmp_path / "chat-clarify.png"))
    buttons["文安县"].click()  # 定安县's row names no month (its answer says the list does not write one)
    wait_for(d, lambda: "第2问" in text_of(d, "sources"), "the answer for 文安县")
    newest = d.find_elements(By.CSS_SELECTOR, "#sources .turn")[0].text
    assert "第2问：文安县" in newest and "001_2320c17b8dd43b94.txt" in newest, newest
    assert "5255908" not in text_of(d, "chat")  # the service's phone is on the answer's second line: folded
    assert "5255908" in open_fold(d).text  # 文安县's phone for the 质量月 service
    assert not [b for b in d.find_elements(By.CSS_SELECTOR, "#clarify button") if b.is_displayed()]

    # 7. the place picker (province → city → county) limits the answer to the lists under it
    d.find_element(By.ID, "clear").click()
    wait_for(d, lambda: "第1问" not in text_of(d, "sources"), "the cleared conversation")
    for level, name in (("province", "河北省"), ("city", "廊坊市"), ("county", "文安县")):
        d.find_element(By.CSS_SELECTOR, f"#{level} input").click()
        option = wait_for(d, lambda lv=level, n=name: d.find_elements(
            By.CSS_SELECTOR, f"#{lv} li[role='option'][aria-label='{n}']"), f"{name} among the {level} options")
        option[0].click()
        wait_for(d, lambda lv=level, n=name: d.find_element(By.CSS_SELECTOR, f"#{lv} input").get_attribute("value") == n,
                 f"{name} to be selected")
    submit(d, "办商品条码打什么电话？")
    wait_for(d, lambda: "第1问" in text_of(d, "sources"), "the answer limited to 文安县")
    sources = text_of(d, "sources")
    assert "001_2320c17b8dd43b94.txt" in sources and "000_" not in sources and "002_" not in sources, sources
    assert "您在哪个" not in text_of(d, "chat")
    # 8. the user's own text is plain text: no image fetched, no link made from an address in it
    d.find_element(By.ID, "clear").click()
    wait_for(d, lambda: "第1问" not in text_of(d, "sources"), "the cleared conversation")
    probe = f"![x]({server.url}/probe-image.png) **皮鞋** <b>掉底</b> www.example.org"
    submit(d, probe)
    wait_for(d, lambda: "第1问" in text_of(d, "sources"), "the answer to the Markdown question")
    chat = d.find_element(By.ID, "chat")
    assert "![x](" in chat.text and "**皮鞋**" in chat.text and "<b>掉底</b>" in chat.text, chat.text
    assert not chat.find_elements(By.CSS_SELECTOR, "img[src*='probe-image'], a[href*='example.org']")
    assert not [e for e in chat.find_elements(By.CSS_SELECTOR, "strong, b") if "皮鞋" in e.text or "掉底" in e.text]
    requests_seen = server.log.read_text(encoding="utf-8", errors="replace")
    assert "probe-image" not in requests_seen
    # the page works under the server's Content-Security-Policy: nothing it needs was blocked
    blocked = [e["message"] for e in d.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not blocked, blocked
    d.save_screenshot(str(tmp_path / "chat-final.png"))
    assert (tmp_path / "chat-citation.png").stat().st_size > 10_000
    if os.environ.get("ASSISTANT_SCREENSHOT_DIR"):  # optional: keep the screenshots for a human
        for shot in tmp_path.glob("*.png"):
            shutil.copy(shot, Path(os.environ["ASSISTANT_SCREENSHOT_DIR"]) / shot.name)
