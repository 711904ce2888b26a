"""Vietnamese mobile numbers: normalisation to +84 and operator lookup by prefix. Pure Python."""

import re

_SEPARATORS = re.compile(r"[\s.\-()/]")
_NATIONAL = re.compile(r"[35789]\d{8}")


class InvalidPhone(ValueError):
    pass


def normalise(raw: str) -> str:
    """'0912 345 678', '84912345678', '+84 912-345-678' -> '+84912345678'; InvalidPhone otherwise."""
    digits = _SEPARATORS.sub("", raw or "")
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    else:
        national = digits
    if not _NATIONAL.fullmatch(national):
        raise InvalidPhone(raw)
    return "+84" + national


def operator_code(phone: str, prefixes: dict[str, str]) -> str | None:
    """``prefixes`` maps national prefixes ('91') to operator codes; the longest match wins."""
    national = phone.removeprefix("+84")
    for length in range(4, 0, -1):
        code = prefixes.get(national[:length])
        if code:
            return code
    return None
