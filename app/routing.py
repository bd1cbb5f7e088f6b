"""URL converters: an id in a path stays within what the databases store."""

from werkzeug.routing import IntegerConverter

from app.domain.ids import MAX_ID

NO_ID = 0  # ids start at 1 in both databases: 0 is nobody's


class IdConverter(IntegerConverter):
    """`<int:...>` in every route (all of them are record ids). A number beyond MAX_ID
    becomes NO_ID, so the route answers as for any id nobody has (404) and the database
    driver is never asked about a number it can't hold (SQLite fails past 2**63,
    PostgreSQL past 2**31). Not matching the rule instead would make werkzeug answer 405
    where another rule shares the path with other methods."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else NO_ID
