"""Send odd values to every route and form of a demo district; list the ones that answer 500.

Not run in CI (the tests pin down each case found). It signs in as the demo admin through
the Flask test client and tries, with error propagation off, so a crash shows as a 500:

1. every route with an id in its path, with ids past the databases' integers;
2. every GET route with each common query-string key set to each odd value;
3. every post form found on the pages below, posted back as the page drew it with one
   field changed at a time to each odd value.

Writes happen (use a throwaway database: a fresh `flask demo` one). Usage, from the
repository root:

    DATABASE_URL=sqlite:////tmp/fuzz.db .venv/bin/flask --app wsgi db upgrade
    DATABASE_URL=sqlite:////tmp/fuzz.db .venv/bin/flask --app wsgi demo
    DATABASE_URL=sqlite:////tmp/fuzz.db .venv/bin/python scripts/fuzz_inputs.py
"""

import html
import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

ODD = [str(2**63), str(2**31), "\u00b2", "-1", "0", "1.5", "abc", "", "x" * 6000, "\u202e",
       "\ufeff", "a\x00b", "9999-12-31", "0001-01-01", "2026-02-30", "<b>"]
QUERY_KEYS = ["q", "page", "sort", "group", "kind", "quadrant", "engagement", "salience",
              "school", "language", "tag", "owner", "no_contact_days", "from", "to", "since",
              "status", "stage", "type", "pathway", "lead", "stakeholder", "user", "after",
              "before", "before_id", "exclude", "organisation_id", "stakeholder_id",
              "audience_group", "audience_school", "fu_page", "om_page", "ov_page"]
FORM_PAGES = ["/stakeholders/new", "/stakeholders/{s}/edit", "/stakeholders/{s}/ratings/edit",
              "/stakeholders/{s}", "/stakeholders/", "/map/", "/outreach/new", "/outreach/",
              "/partnerships/new", "/partnerships/pathways", "/engagement/new", "/week/",
              "/champions/", "/champions/weights", "/coverage/", "/settings/users",
              "/settings/cadence"]
SKIP_ACTIONS = ("logout", "switch", "delete", "remove")  # keep the data to fuzz


def _signed_in_client(app):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": "admin@example.org", "password": "groundwork-demo",
                                "csrf_token": token})
    page = client.get("/stakeholders/").get_data(as_text=True)
    return client, re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def _forms(client, url: str) -> list[tuple[str, dict[str, str]]]:
    """(action, fields as drawn) of each post form on the page."""
    page = client.get(url).get_data(as_text=True)
    found = []
    for match in re.finditer(r"<form([^>]*)>(.*?)</form>", page, re.S):
        attrs, body = match.groups()
        if 'method="post"' not in attrs and "hx-post" not in attrs:
            continue
        action = re.search(r'(?:action|hx-post)="([^"]+)"', attrs)
        fields: dict[str, str] = {}
        for tag in re.finditer(r"<input([^>]*)>", body):
            a = tag.group(1)
            name, value = re.search(r'name="([^"]+)"', a), re.search(r'value="([^"]*)"', a)
            kind = re.search(r'type="([^"]+)"', a)
            if name and not (kind and kind.group(1) in ("checkbox", "radio")
                             and "checked" not in a):
                fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
        for select in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
            options = re.findall(r'<option[^>]*value="([^"]*)"([^>]*)>', select.group(2))
            chosen = [v for v, rest in options if "selected" in rest] or \
                [v for v, _ in options if v] or [""]
            fields[select.group(1)] = html.unescape(chosen[0])
        for area in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
            fields[area.group(1)] = html.unescape(area.group(2)) or "text"
        found.append((html.unescape(action.group(1)) if action else url, fields))
    return found


def main() -> None:
    logging.disable(logging.CRITICAL)
    from app import create_app

    app = create_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client, token = _signed_in_client(app)
    crashes: set[tuple[str, ...]] = set()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]

    for rule in (r for r in rules if r.arguments):
        for number in (str(2**31), str(2**63), "9" * 30):
            url = rule.rule
            for arg in rule.arguments:
                url = re.sub(rf"<(?:int:)?{arg}>", number, url)
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method, data={"csrf_token": token})
                if response.status_code >= 500:
                    crashes.add((method, rule.rule, "path id", number[:12]))

    for rule in (r for r in rules if not r.arguments and "GET" in r.methods):
        for key in QUERY_KEYS:
            for value in ODD:
                response = client.get(rule.rule, query_string={key: value})
                if response.status_code >= 500:
                    crashes.add(("GET", rule.rule, key, repr(value[:12])))

    seen = set()
    sample = re.search(r'href="/stakeholders/(\d+)"', client.get("/stakeholders/").text)
    for page in FORM_PAGES:
        for action, fields in _forms(client, page.format(s=sample.group(1) if sample else 1)):
            if (action, tuple(fields)) in seen or any(s in action for s in SKIP_ACTIONS):
                continue
            seen.add((action, tuple(fields)))
            for field in (f for f in fields if f != "csrf_token"):
                for value in ODD:
                    response = client.post(action, data={**fields, field: value},
                                           headers={"X-CSRFToken": token})
                    if response.status_code >= 500:
                        crashes.add(("POST", action, field, repr(value[:12])))

    print(f"{len(seen)} forms, {len(rules)} routes tried")
    for crash in sorted(crashes):
        print("500:", *crash)
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
