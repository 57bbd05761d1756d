"""Browser tests drive Debian's Chromium through Playwright (no browser
download). Without Chromium they skip, unless REQUIRE_BROWSER=1 (CI), where
they fail."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
MANUAL_IMAGES = Path(__file__).resolve().parents[2] / "home" / "manual" / "images"
# The shots the user manual shows (home/manual/images/<name>.png), written
# there too when LIUHEN_MANUAL_SHOTS=1 (`make manual-screenshots`). Add a
# shot's name here, and its image to a page in home/manual/, to show it.
MANUAL_SHOTS = [
    "front-end-home",
    "access-refused",
    "access-decide",
    "approval-head-sees-only-workflow-actions",
    "approval-leader-opinion",
    "approval-sheet",
    "admin-dashboard-zh-hans",
    "archivist-paper-signature",
    "workbench-leader-approve",
    "approvals-queue-inline",
    "print-approval-sheet-secret",
]
# Browser tests that take them, which the make target runs.
MANUAL_SHOT_TESTS = [
    "tests/browser/test_sign_in.py",
    "tests/browser/test_access.py",
    "tests/browser/test_approval.py",
    "tests/browser/test_cannot_skip.py",
    "tests/browser/test_paper_signature.py",
    "tests/browser/test_approve_inline.py",
    "tests/browser/test_print.py",
]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (Debian package 'chromium')"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and REQUIRE_BROWSER=1")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM
    # calls the tests make around it are still synchronous and safe.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: the CI machine runs the server, the browser and the tests on two cores.
    page.set_default_timeout(60_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()


def save_manual_image(page, name):
    """The viewport (what a reader sees first), as a small palette PNG."""
    from PIL import Image

    path = MANUAL_IMAGES / f"{name}.png"
    page.screenshot(path=str(path))
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves a full-page PNG under tests/artifacts/;
    with LIUHEN_MANUAL_SHOTS=1 a shot the manual shows (MANUAL_SHOTS) also
    goes to home/manual/images/."""

    def take(name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if os.environ.get("LIUHEN_MANUAL_SHOTS") == "1" and name in MANUAL_SHOTS:
            save_manual_image(page, name)
        return path

    return take
