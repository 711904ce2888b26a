"""Authentication backend that loads the user's unit membership with the user: every page needs it to
decide rights, so it is read with the user, not later by a lazy attribute."""

from django.contrib.auth.backends import ModelBackend


class MembershipBackend(ModelBackend):
    def get_user(self, user_id):
        from ttdn.core.models import User
        from ttdn.core.rows import fetch_by, fetch_by_pk

        from .models import Membership

        # Every page pays for this lookup: two one-row reads by key without compiling querysets cost a
        # tenth of one select_related query (core/rows.py).
        try:
            user = fetch_by_pk(User, int(user_id))
        except (TypeError, ValueError):
            return None
        if user is not None:
            membership = fetch_by(Membership, "user_id", user.pk)
            # Cached as select_related("membership") would: `user.membership` and actor_for need no query.
            user._state.fields_cache["membership"] = membership
            if membership is not None:
                membership._state.fields_cache["user"] = user
        return user if user is not None and self.user_can_authenticate(user) else None
