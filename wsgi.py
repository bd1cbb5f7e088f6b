"""WSGI entry point: `gunicorn -w 4 wsgi:app`."""

import gc

from app import create_app

app = create_app()

# The ~140,000 objects made at start-up (modules, the ORM's mappers, compiled templates)
# live as long as the process: moved out of the collector's reach, a full collection no
# longer walks them all (it took 70-100 ms on the benchmark machine, a request's p99).
gc.freeze()
