"""The role key core's classification uses (``TTDN_CLEARANCE_ROLE``): a membership role, or "admin"."""

from ttdn.core.models import User

from .models import Membership


def role_of(user: User) -> str | None:
    if user.is_superuser:
        return "admin"
    if "membership" in user._state.fields_cache:  # loaded with the user by the authentication backend
        loaded = user._state.fields_cache["membership"]
        return loaded.role if loaded is not None else None
    cached = getattr(user, "_ttdn_actor", None)  # plans.access.actor_for already looked the role up
    if cached is not None:
        return cached.role
    return Membership.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
