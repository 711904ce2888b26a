from django.conf import settings


def staff_languages(request):
    """The languages the staff UI's switch offers (the public portal has a third, Chinese, of its own)."""
    return {"STAFF_LANGUAGES": getattr(settings, "TTDN_STAFF_LANGUAGES", ["vi", "en"])}
