"""Record ids: the range the databases store, and reading one from what a user sent."""

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's holds more. Every id column is one.


def record_id(value: object) -> int:
    """`value` (text or a number) as a record id; ValueError unless it is a whole number
    from 1 to MAX_ID.

    For anything a user sent that reaches a query: a bigger number makes the database
    driver fail (SQLite's past 2**63, PostgreSQL's past 2**31) instead of finding
    nothing. Fits werkzeug's `args.get(key, type=record_id)`: an invalid id gives the
    default.
    """
    if isinstance(value, bool):
        raise ValueError("not an id")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            raise ValueError("not an id")
        number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ValueError("not an id")
    return number


def parse_id(value: object) -> int | None:
    """`value` as a record id, or None when it can't be one (see `record_id`)."""
    try:
        return record_id(value)
    except ValueError:
        return None
