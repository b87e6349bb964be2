"""End to end in a real headless Chromium (Debian's /usr/bin/chromium through Playwright):
an admin uploads a sample bundle and checks its redactions, a reviewer reviews and approves,
then search and the audit log; screenshots go to tests/artifacts/screenshots/. Afterwards no
identifier of the sample may appear in the server's log."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from leder_assist.gold import load_gold

from .web_support import PASSWORD, ROOT, Server, make_workspace

CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = ROOT / "samples" / "cases" / "case-01-paddy-oneill"
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                               "(installed by .ci/run; apt-get install chromium)")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e-data")
    _app, ws, _ids = make_workspace(data)  # users ada (admin) and rev (reviewer) of team north
    ws.store.engine.dispose()
    srv = Server(data, data / "server.log").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


def _login(page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Your user name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _unlabelled_controls(page) -> list[str]:
    """Visible form controls without a label (for=, wrapping label or aria-label)."""
    return page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.name || el.id)""")


def test_drafted_review_in_the_browser_quote_opens_in_context(server, browser):
    """A review with every drafted part (invented case): a quote click shows it in its document."""
    from leder_assist.web.app import create_app

    from .web_support import seed_case

    ws = create_app(data_dir=server.data_dir).state.ws
    case_id = seed_case(ws, "LD-2026-0002", "north", admin_id=1)
    ws.store.engine.dispose()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, server.url, "rev")
    page.goto(f"{server.url}/cases/{case_id}/review")
    assert page.locator("#recommendation").inner_text() == "focused review"
    assert "FAMILY_REQUEST" in page.locator("#triage").inner_text()
    assert page.locator("#portrait-0").input_value() == "[Person] loved trains."
    _shot(page, "10-review-drafted")
    page.locator("#theme-0 a.quote").click()
    mark = page.locator("mark#quote")
    assert mark.inner_text() == "admitted with aspiration pneumonia"
    assert mark.is_visible() and "[Address]" in page.locator("pre.doc").inner_text()
    _shot(page, "11-quote-in-document")
    page.go_back()
    page.get_by_role("button", name="Accept theme Aspiration pneumonia").click()
    assert page.locator("#theme-0 .status").inner_text() == "accepted"
    page.close()


def test_whole_workflow_in_a_real_browser(server, browser, tmp_path):
    base = server.url
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()

    # keyboard: the first Tab reaches the skip link, which is visible when focused
    page.goto(base + "/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    _shot(page, "01-login")

    # --- admin: upload and wait for processing
    _login(page, base, "ada")
    page.get_by_label("Case reference").fill("LD-2026-0001")
    page.get_by_label("Person's pseudonym").fill("Person A")
    page.get_by_label("Date the death was notified").fill("2026-01-10")
    page.get_by_label("Reviewer").select_option(label="rev (north)")
    page.get_by_label("Files").set_input_files(sorted(str(p) for p in SAMPLE.iterdir()))
    assert _unlabelled_controls(page) == []
    _shot(page, "02-cases-upload")
    page.get_by_role("button", name="Upload and process").click()
    page.wait_for_selector("#documents", timeout=90_000)  # the progress page reloads itself when done
    assert page.locator("#documents tbody tr").count() == 6
    _shot(page, "03-case-processed")

    # --- redaction check of the first document: reject one, add one by selecting text
    page.locator("#documents a", has_text="Check redactions").first.click()
    page.wait_for_selector("#doctext")
    first = page.locator("#redaction-list tbody tr").first
    rejected_text = first.locator("td").first.inner_text()
    first.get_by_role("button", name=re.compile("^Reject")).click()
    page.wait_for_selector("#redaction-list tbody tr.st-rejected")
    word = page.evaluate("""() => {
        const pre = document.getElementById('doctext');
        for (const node of pre.childNodes) {
          if (node.nodeType !== 3) continue;
          const m = /\\b[a-z]{7,}\\b/.exec(node.textContent);
          if (!m) continue;
          const r = document.createRange();
          r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
          const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
          return m[0];
        }
        return null; }""")
    assert word
    page.locator("#sel-info", has_text="Selected").wait_for()
    page.get_by_label("What is it?").select_option("OTHER")
    page.get_by_role("button", name="Redact", exact=True).click()
    page.wait_for_selector('mark[data-r="[Removed]"]')
    assert word not in page.locator("#preview").inner_text().split()
    assert _unlabelled_controls(page) == []
    _shot(page, "04-redaction-check")

    # mark every document checked (each press moves on to the next unchecked one)
    for _ in range(10):
        button = page.locator("#mark-checked")
        if not button.count():
            break
        button.click()
        page.wait_for_load_state()
    assert page.locator("#download-bundle").count() == 1

    with page.expect_download() as dl:
        page.locator("#download-bundle").click()
    path = tmp_path / "bundle.zip"
    dl.value.save_as(path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        texts = {n: zf.read(n).decode("utf-8") for n in names if n.endswith(".txt")}
    assert "pseudonym-key.json" not in names and any(n.endswith(".pdf") for n in names)
    assert any("[Removed]" in t for t in texts.values())
    assert any(rejected_text in t for t in texts.values())
    page.get_by_role("button", name="Approve the redactions and open the case for review").click()
    page.wait_for_selector("text=Redactions approved")
    page.get_by_role("button", name="Log out").click()

    # --- reviewer: the review page
    _login(page, base, "rev")
    page.get_by_role("link", name="LD-2026-0001").click()
    page.get_by_role("link", name="Open the review").click()
    page.wait_for_selector("#portrait-0")
    assert _unlabelled_controls(page) == []
    _shot(page, "05-review")
    page.set_viewport_size({"width": 640, "height": 900})  # what a 1280-pixel screen shows at 200% zoom
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(el => el.tagName + '#' + el.id + '.' + el.className).slice(0, 8)""")
    assert wide == []
    _shot(page, "05b-review-at-200-percent")
    page.set_viewport_size({"width": 1280, "height": 900})

    portrait = page.locator("#portrait-0")
    portrait.click()
    portrait.press_sequentially("His favourite place was the seaside.", delay=5)
    page.locator("#portrait-0-state", has_text="Saved at").wait_for()
    assert page.locator("#portrait-0 ~ p .save-now").is_visible()  # the status line keeps its button
    page.reload()
    assert "favourite place was the seaside." in page.locator("#portrait-0").input_value()

    if page.locator("article.theme").count() == 0:  # the stand-in pipeline drafts no themes: add one first
        page.get_by_label("Theme", exact=True).fill("Dysphagia")
        page.get_by_role("button", name="Add the theme").click()
        page.get_by_role("button", name="Reject theme Dysphagia").click()
    theme = page.locator("article.theme").first
    theme.get_by_role("button", name=re.compile("^Accept theme")).click()
    assert page.locator("article.theme").first.locator(".status").inner_text() == "accepted"

    page.get_by_role("radio", name="Focused review").check()
    page.get_by_label("Reason (needed when you decide differently from the recommendation)").fill(
        "Family raised concerns about care.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=(recorded: focused)")
    page.get_by_role("button", name="Approve the pen portrait").click()
    page.get_by_role("button", name="Approve the review").click()
    page.wait_for_selector("#export-pack")
    with page.expect_download() as dl:
        page.locator("#export-pack").click()
    from docx import Document

    pack = Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
    assert any("favourite place was the seaside." in p.text for p in pack.paragraphs)
    _shot(page, "06-review-approved")

    # --- search, reports and the audit log
    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words in the redacted notes").fill("aspiration")
    page.get_by_label("Reviewer's decision").select_option("focused")
    page.get_by_role("button", name="Search").click()
    assert page.locator("#results a").all_inner_texts() == ["LD-2026-0001"]
    _shot(page, "07-search")
    page.get_by_role("link", name="Reports").click()
    _shot(page, "08-reports")
    page.goto(base + "/")
    page.get_by_role("link", name="LD-2026-0001").click()
    page.get_by_role("link", name="Audit log of this case").click()
    actions = page.locator("#audit tbody tr td:nth-child(3)").all_inner_texts()
    for expected in ["case.upload", "case.processed", "redaction.reject", "redaction.add", "bundle.download",
                     "redaction.approve", "portrait.edit", "theme.accept", "triage.decision", "portrait.approve",
                     "review.approve", "review.export"]:
        assert expected in actions, expected
    _shot(page, "09-audit")
    ctx.close()

    # --- nothing identifying in the server's log
    server.stop()
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "POST /cases" in log and re.search(r"GET /cases/\d+/review", log)  # the access log is there to check
    gold = load_gold(ROOT / "samples" / "gold" / "case-01-paddy-oneill.yaml")
    leaked = sorted({i.text for i in gold.identifiers if re.search(rf"(?<!\w){re.escape(i.text)}(?!\w)", log)})
    assert leaked == []

