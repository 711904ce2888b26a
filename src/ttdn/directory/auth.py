"""Authentication backend that loads the user's unit membership with the user: every page needs it to
decide rights, so it comes in the same query as the user rather than a second one."""

from django.contrib.auth.backends import ModelBackend


class MembershipBackend(ModelBackend):
    def get_user(self, user_id):
        from ttdn.core.models import User

        # No ORDER BY (`first()` would add one): the key names one row, and every request pays the compile.
        users = list(User._default_manager.select_related("membership").filter(pk=user_id).order_by()[:1])
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
