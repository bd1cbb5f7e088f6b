"""Timing of the duplicate check (app.domain.dedupe) alone, without the database or forms.

Not run in CI. Builds an index of `--register` synthetic stakeholders (made-up first
names and surnames, some with a middle initial, an email and a phone), then checks a file
of `--rows` rows against it and against the rows above, as services.csv_import.check
does. Scenarios:

    bulk      "Bulk Person 1" ... "Bulk Person N": every name shares its words
    reimport  the same file again, its names already in the register
    typical   names from the register written differently (a typo, "Surname, First",
              capitals, accents, a middle initial), by email or phone, and new names

For each: the seconds to build the index and to check the file, and how many rows have a
likely duplicate. `--compare OLD.py` runs the same checks with another version of the
module (e.g. `git show HEAD:app/domain/dedupe.py > /tmp/old_dedupe.py`) and lists the
rows whose matches differ. Usage:

    .venv/bin/python scripts/bench_dedupe.py [--register 100000] [--rows 2500]
        [--scenario bulk] [--compare /tmp/old_dedupe.py]
"""

import argparse
import importlib.util
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.domain import dedupe  # noqa: E402

FIRST = ("James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David "
         "Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa "
         "Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven "
         "Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian "
         "Dorothy George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward "
         "Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric "
         "Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole "
         "Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander "
         "Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria "
         "Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry "
         "Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Ethan Joan "
         "Walter Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl Roger Hannah "
         "Terry Jacqueline Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara "
         "Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice Jordan Jean Bryan "
         "Abigail Billy Alice Joe Julia Bruce Judy Gabriel Sophia Logan Grace Albert Denise "
         "Willie Amber Alan Doris Juan Marilyn Wayne Danielle Elijah Beverly Randy Isabella "
         "Roy Theresa Vincent Diana Ralph Natalie Eugene Brittany Russell Charlotte Bobby "
         "Marie Mason Kayla Philip Alexis Louis Lori Lucía José María Zoë Chloé").split()
SURNAMES = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez "
            "Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee "
            "Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young "
            "Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
            "Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker "
            "Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez "
            "Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward "
            "Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
            "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jiménez Núñez "
            "Müller O'Brien").split()
SYLLABLES = ("an bel cor dan el fi gor hul ish jen kel lom mar nor os pal qu ro sa tho um "
             "va wre xe ya zo").split()


def _surname(rng: random.Random) -> str:
    """A common surname now and then (they come in hundreds), else a made-up one."""
    if rng.random() < 0.3:
        return rng.choice(SURNAMES)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))).title()


def register(size: int, seed: int = 1) -> list[tuple[int, str, str, str]]:
    rng = random.Random(seed)  # noqa: S311 - test data
    rows = []
    for i in range(1, size + 1):
        first, last = rng.choice(FIRST), _surname(rng)
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.15 else ""
        email = f"{first}.{last}{i}@example.org".lower() if rng.random() < 0.7 else ""
        phone = f"614-555-{i % 10000:04d}" if rng.random() < 0.5 else ""
        rows.append((i, f"{first}{middle} {last}", email, phone))
    return rows


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i + 1:] if len(word) > 4 else word + rng.choice("aehny")


def _variant(name: str, rng: random.Random) -> str:
    """The same person written differently, as people do."""
    words = name.replace(".", "").split()
    first, last = words[0], words[-1]
    return rng.choice((
        f"{last}, {first}",
        name.upper(),
        f"{_typo(first, rng)} {last}",
        f"{first} {_typo(last, rng)}",
        f"Dr. {first} {last}",
        f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}",
        f"{first.lower()} {last.lower()}",
    ))


def file_rows(scenario: str, rows: int, existing: list, seed: int = 2) -> list:
    """(line, name, email, phone) for a file of `rows` rows."""
    rng = random.Random(seed)  # noqa: S311 - test data
    if scenario in ("bulk", "reimport"):
        return [(line, f"Bulk Person {line - 1}", "", "") for line in range(2, rows + 2)]
    out = []
    for line in range(2, rows + 2):
        _, name, email, phone = rng.choice(existing)
        pick = line % 5
        if pick == 0:
            out.append((line, _variant(name, rng), "", ""))
        elif pick == 1 and email:
            out.append((line, f"{rng.choice(FIRST)} {_surname(rng)}", email.upper(), ""))
        elif pick == 2 and phone:
            out.append((line, f"{rng.choice(FIRST)} {_surname(rng)}", "", f"+1 {phone}"))
        else:
            out.append((line, f"{rng.choice(FIRST)} {_surname(rng)}", "", ""))
    return out


def run(module, existing: list, rows: list) -> tuple[float, float, dict]:
    """Seconds to index the register and to check the file, and each line's matches."""
    started = time.perf_counter()
    index = module.DuplicateIndex()
    index.add_all(existing)
    built = time.perf_counter()
    found = {}
    for line, name, email, phone in rows:
        found[line] = [(m.id, m.reason) for m in index.matches(name, email, phone)]
        index.add(-line, name, email, phone)
    return built - started, time.perf_counter() - built, found


def _load(path: str):
    spec = importlib.util.spec_from_file_location("other_dedupe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=2500)
    parser.add_argument("--scenario", choices=("bulk", "reimport", "typical"), action="append")
    parser.add_argument("--compare", metavar="OLD.py")
    args = parser.parse_args()
    existing = register(args.register)
    other = _load(args.compare) if args.compare else None
    print("| scenario | module | index (s) | check (s) | rows with a match |")
    print("|---|---|---|---|---|")
    for scenario in args.scenario or ("bulk", "reimport", "typical"):
        base = existing
        if scenario == "reimport":
            base = existing + [(args.register + i, f"Bulk Person {i}", "", "")
                               for i in range(1, args.rows + 1)]
        rows = file_rows(scenario, args.rows, existing)
        results = {}
        for label, module in (("current", dedupe), ("compare", other)):
            if module is None:
                continue
            built, checked, found = run(module, base, rows)
            results[label] = found
            print(f"| {scenario} | {label} | {built:.2f} | {checked:.2f} | "
                  f"{sum(1 for f in found.values() if f)} |", flush=True)
        if other is not None:
            names = {line: name for line, name, _, _ in rows}
            differ = [line for line in results["current"]
                      if results["current"][line] != results["compare"][line]]
            print(f"  {len(differ)} rows differ; first few:")
            for line in differ[:8]:
                print(f"    {names[line]!r}: now {results['current'][line]}, "
                      f"was {results['compare'][line]}")


if __name__ == "__main__":
    main()
