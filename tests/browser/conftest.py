"""Browser fixtures: Debian's Chromium for pytest-playwright and the app on a live server.

The app runs in a werkzeug server thread, so the test and the server must share one
database. On SQLite that is a file under tmp_path (an in-memory database is private to
one connection and cannot be shared across threads safely); on PostgreSQL
(TEST_DATABASE_URL) it is the suite's usual `app`, whose tables are emptied afterwards.
"""

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from werkzeug.serving import make_server

from app import create_app
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import District, Membership, User
from app.services import champions, coverage, network

# Same switch as tests/conftest.py (not imported from there: tests/ is not a package).
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
# Playwright never downloads a browser here: it drives the distribution's Chromium.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    # No calls home: the CI network is closed and Chromium would retry them constantly.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

HERE = Path(__file__).parent
# pytest-playwright 0.10 defines its `base_url` fixture as a method of a plugin class,
# which pytest 9 deprecates with a warning at fixture setup; `filterwarnings = error`
# would turn that into an error for every browser test. It is the plugin's code, not
# ours, so ignore exactly that warning, only on the tests in this folder.
PLUGIN_WARNING = pytest.mark.filterwarnings(
    "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser is a browser test and gets the narrow filter above."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(PLUGIN_WARNING)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, browser_name: str) -> dict:
    """pytest-playwright's launch options, pointed at the system Chromium."""
    if browser_name != "chromium":
        return browser_type_launch_args
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Install it with "
            "`sudo apt-get install chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at a "
            "Chromium or Chrome binary. `make test` installs it when run as root."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def app(app, tmp_path: Path):
    """The suite's app, on a database file the server thread can share (SQLite)."""
    if ON_POSTGRES:
        yield app  # the shared fixture builds the schema and empties the tables after
        return
    file_app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}"})
    with file_app.app_context():
        db.create_all()
    yield file_app
    with file_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the app on a free port of 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, _static_read_whole(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def _static_read_whole(app):
    """Static files read and closed before the dev server writes them out.

    When the browser drops a connection mid-file (it navigated on), werkzeug's dev server
    can skip closing the file; the unclosed file then warns (an error here) in whichever
    test the garbage collector runs. gunicorn in production closes it either way.
    """

    def serve(environ, start_response):
        result = app(environ, start_response)
        if not environ.get("PATH_INFO", "").startswith("/static/"):
            return result
        try:
            return [b"".join(result)]
        finally:
            if hasattr(result, "close"):
                result.close()

    return serve


# Injected before any page script runs (CDP injection, not subject to the page's CSP): a
# blocked resource or inline handler is reported as a console error we can collect.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def browser_problems(page: Page) -> list[str]:
    """Console errors, CSP violations and uncaught exceptions seen by `page`."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text:
            problems.append(f"console {message.type}: {text} ({message.location.get('url')})")

    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    return problems


# The flows' user: Ana Ruiz, an editor of Northwood Unified.
PASSWORD = "correct horse battery"  # noqa: S105 - test fixture
EDITOR_EMAIL = "ana@example.org"
DISTRICT_NAME = "Northwood Unified"


@pytest.fixture
def editor_district(app) -> int:
    """Ana Ruiz, editor of Northwood Unified (a new, empty district); the district's id."""
    with app.app_context():
        user = User(email=EDITOR_EMAIL, name="Ana Ruiz", password_hash=hash_password(PASSWORD))
        district = District(name=DISTRICT_NAME)
        db.session.add_all([user, district,
                            Membership(user=user, district=district, role="editor")])
        db.session.commit()
        return district.id


@pytest.fixture
def sign_in(page: Page, live_server: str, editor_district: int) -> Callable[[], None]:
    """Sign Ana in through the real form; she lands on her district's dashboard."""

    def sign_in() -> None:
        page.goto(f"{live_server}/login")
        page.get_by_label("Email").fill(EDITOR_EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(DISTRICT_NAME)

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Rankings, coverage reports and introduction graphs are cached per process by
    district id, and every test has a new database whose district ids start again at 1."""
    clears = (champions.clear_cache, coverage.clear_cache, network._intro_graphs.clear)
    for clear in clears:
        clear()
    yield
    for clear in clears:
        clear()


# axe-core, vendored and pinned (npm axe-core 4.14.1, MPL-2.0), for the accessibility
# tests. Injected through DevTools, which the pages' CSP does not govern.
AXE = (HERE / "vendor" / "axe-4.14.1.min.js").read_text()
# What is checked: WCAG 2.0-2.2, levels A and AA, the rules axe runs by default on them.
AXE_RUN = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "wcag22aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture
def axe_violations(page: Page) -> Callable[[], list[str]]:
    """axe-core's WCAG A/AA violations on the page as it is now, one line each."""

    def violations() -> list[str]:
        page.evaluate(AXE)
        found = page.evaluate("options => axe.run(document, options)", AXE_RUN)["violations"]
        return [f"{v['id']} ({v['impact']}): {v['help']} - {v['nodes'][0]['html'][:160]}"
                for v in found]

    return violations
