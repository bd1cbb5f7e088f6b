"""The ceiling for page benchmarks: a bare Flask route rendering a 50-row Jinja table.

No database, no session, no extensions: the fastest a 50-row page can be on this
machine with Flask and Jinja. Served by gunicorn beside the real app in scripts/bench.py.
"""

from flask import Flask, render_template_string

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


@app.get("/ceiling")
def ceiling():
    return render_template_string(PAGE, rows=ROWS)
