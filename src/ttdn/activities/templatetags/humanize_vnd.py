from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """12500000 -> "12.500.000 đ" (Vietnamese thousands separator)."""
    if value is None or value == "":
        return ""
    return f"{int(Decimal(value).quantize(Decimal(1))):,} đ".replace(",", ".")
