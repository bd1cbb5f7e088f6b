"""The ceiling for page benchmarks: a bare Flask route rendering a 50-row Jinja table.

No database, no session, no extensions: the fastest a 50-row page can be on this
machine with Flask and Jinja. Served by gunicorn beside the real app in scripts/bench.py.

The template comes through a loader and `render_template`, so Jinja compiles it once and
keeps it, as it does the app's own templates. (Until 2026-12-03 this used
`render_template_string`, which compiles the source on every request: that made the
ceiling about three times slower than a bare page is, and every ratio to it too kind.)
"""

from flask import Flask, render_template
from jinja2 import DictLoader

app = Flask(__name__)

ROWS = [
    {"id": i, "name": f"Stakeholder {i}", "group": "Parent/family", "quadrant": "Key players",
     "influence": i % 5 + 1, "interest": (i * 3) % 5 + 1, "engagement": "Supportive"}
    for i in range(50)
]

PAGE = """<!doctype html><html><head><title>Ceiling</title></head><body><table>
<thead><tr><th>Name</th><th>Group</th><th>Quadrant</th><th>Influence</th><th>Interest</th>
<th>Engagement</th></tr></thead><tbody>
{% for r in rows %}<tr id="stakeholder-{{ r.id }}"><td><a href="/stakeholders/{{ r.id }}">
{{ r.name }}</a></td><td>{{ r.group }}</td><td>{{ r.quadrant }}</td><td>{{ r.influence }}</td>
<td>{{ r.interest }}</td><td>{{ r.engagement }}</td></tr>{% endfor %}
</tbody></table></body></html>"""

app.jinja_loader = DictLoader({"ceiling.html": PAGE})


@app.get("/ceiling")
def ceiling():
    return render_template("ceiling.html", rows=ROWS)
