"""The headless-Chromium check itself: it sees a dialog and a blocked script, so a clean page means something."""

from helpers.report import page_policy

_ALERT = (
    "<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>text</p><script>alert(1)</script></body></html>"
)


def _page(tmp_path, name: str, head: str = ""):
    page = tmp_path / name
    page.write_text(_ALERT.format(head=head), encoding="utf-8")
    return page


def test_the_browser_check_sees_a_script_run(browser, tmp_path):
    load = browser.load(_page(tmp_path, "open.html"))
    assert load.dialogs == ["alert: 1"]
    assert browser.evaluate("document.querySelector('p').textContent") == "text"


def test_the_content_security_policy_stops_the_script_and_says_so(browser, tmp_path):
    meta = f'<meta http-equiv="Content-Security-Policy" content="{page_policy.CONTENT_SECURITY_POLICY}">'
    load = browser.load(_page(tmp_path, "policed.html", meta))
    assert load.dialogs == []
    assert any("Content Security Policy" in error for error in load.console_errors), load.console_errors
