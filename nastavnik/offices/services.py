"""Writes for offices, people and API tokens."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.offices.models import Absence, ApiToken, User, hash_token
from nastavnik.offices.selectors import has_full_access


def ensure_can_write_in_office(user: User, office_id: int | None) -> None:
    """The single gate for changing an office's clients, deals and timeline."""
    from nastavnik.offices.selectors import can_write_in_office

    if not can_write_in_office(user, office_id):
        raise PermissionDenied(_("У вас нет прав изменять данные этого представительства."))


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is never shown again."""
    key = ApiToken.generate_key()
    token = ApiToken(user=user, name=name.strip() or _("Токен"), prefix=key[:8], key_hash=hash_token(key))
    token.full_clean(exclude=["key_hash"])
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk and not has_full_access(user):
        raise PermissionDenied(_("Этот токен принадлежит другому пользователю."))
    if token.revoked_at is None:
        token.revoke()


@transaction.atomic
def absence_create(*, user: User, person: User, **fields: object) -> Absence:
    if person.pk != user.pk and not has_full_access(user):
        raise PermissionDenied(_("Отсутствие другого сотрудника может отметить только руководитель."))
    absence = Absence(user=person, **fields)
    absence.full_clean()
    absence.save()
    return absence
