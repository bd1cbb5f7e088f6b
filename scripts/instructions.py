"""Instructions per request of the benchmarked pages, counted by valgrind's callgrind.

Not run in CI. Wall and CPU time swing on a shared machine; the number of instructions a
request executes does not (the same code, data and inputs give the same count), so it
compares two versions of the code exactly. It is not the whole cost: memory stalls make
a page that executes twice the instructions take more than twice the time. Usage (from
the repository root, with valgrind installed):

    .venv/bin/python scripts/instructions.py [-n 10] [--db /tmp/groundwork-bench.db]
        [URL ...]

Each URL (default: the pages of scripts/bench.py, "BUSY" standing for the stakeholder
with 50+ relationships, and /ceiling for the bare 50-row page) runs in its own process
under callgrind with instrumentation off; after sign-in and five warm-up requests the
script switches it on for n requests and off again.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
PAGES = ["/ceiling", "/stakeholders/", "/stakeholders/?page=200", "/stakeholders/?q=son",
         "/stakeholders/?q=zzq", "/stakeholders/?group=parent&quadrant=key_players", "/map/",
         "/stakeholders/BUSY"]


def target(url: str, n: int) -> None:
    """Inside callgrind: warm up, say "ready", wait, run n requests, say "done"."""
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    os.environ["NETWORK_BACKGROUND"] = "0"
    os.environ.setdefault("LOGIN_ATTEMPT_LIMIT", "1000 per minute")
    if url == "/ceiling":
        from ceiling_app import app as ceiling

        client = ceiling.test_client()
    else:
        from profile_pages import _busy_stakeholder, _sign_in

        from app import create_app

        app = create_app()
        client = app.test_client()
        _sign_in(client)
        url = url.replace("BUSY", str(_busy_stakeholder(app)))
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    print("ready", flush=True)
    sys.stdin.readline()
    for _ in range(n):
        client.get(url).get_data()
    print("done", flush=True)
    sys.stdin.readline()


def count(url: str, n: int, env: dict[str, str]) -> float:
    """Millions of instructions per request of `url`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}", sys.executable, __file__, "--target", url,
             "-n", str(n)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, cwd=ROOT, env=env)
        assert proc.stdout.readline().strip() == "ready", url
        subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)], capture_output=True,
                       check=True)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "done", url
        subprocess.run(["callgrind_control", "-i", "off", str(proc.pid)], capture_output=True,
                       check=True)
        proc.stdin.write("bye\n")
        proc.stdin.flush()
        proc.wait(timeout=120)
        total = int(re.search(r"^totals: (\d+)", out.read_text(), re.M).group(1))
    return total / n / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", default=PAGES)
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--db", default="/tmp/groundwork-bench.db")
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.target:
        target(args.target, args.n)
        return
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{args.db}"}
    ceiling = None
    for url in args.urls:
        millions = count(url, args.n, env)
        ceiling = millions if url == "/ceiling" else ceiling
        ratio = f"  x{millions / ceiling:.2f} of the ceiling" if ceiling else ""
        print(f"{url:<52} {millions:7.2f} M instructions per request{ratio}", flush=True)


if __name__ == "__main__":
    main()
