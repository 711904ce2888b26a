"""Path converters for the URL conf."""


class IdConverter:
    """A database id in a URL: digits that fit a 64-bit signed integer. Django's ``int`` converter takes any
    number of digits, and a longer one reaches the database (SQLite cannot bind it: a server error) instead
    of being a page that does not exist."""

    regex = "[0-9]{1,19}"
    MAX = 2**63 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.MAX:
            raise ValueError("not a database id")  # the URL does not match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
