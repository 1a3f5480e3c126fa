"""Tenancy: who sees which offices. Every other selector scopes itself through these."""

from django.db.models import Q, QuerySet

from nastavnik.offices.choices import Role
from nastavnik.offices.models import ApiToken, Office, User

FULL_ACCESS_ROLES = frozenset({Role.ADMIN, Role.HEAD})
OFFICE_STAFF_ROLES = frozenset({Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT, Role.SPECIALIST})


def has_full_access(user: User) -> bool:
    """Admins and heads see every office."""
    return bool(user.is_authenticated and (user.is_superuser or user.role in FULL_ACCESS_ROLES))


def offices_for(user: User) -> QuerySet[Office]:
    """The offices whose data the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Office.objects.none()
    if has_full_access(user):
        return Office.objects.all()
    if user.role == Role.ACCOUNT_MANAGER:
        return Office.objects.filter(account_manager=user)
    if user.office_id is None:
        return Office.objects.none()
    return Office.objects.filter(pk=user.office_id)


def office_scope(user: User, field: str = "office") -> Q:
    """A filter limiting any office-owned model to the offices the user may see."""
    if has_full_access(user):
        return Q()
    return Q(**{f"{field}__in": offices_for(user).values("pk")})


def is_mentor_of(user: User, office: Office) -> bool:
    """The office's account manager, or an admin or head acting for them: the mentoring side of a workflow."""
    if not user.is_authenticated:
        return False
    return has_full_access(user) or (user.role == Role.ACCOUNT_MANAGER and office.account_manager_id == user.pk)


def users_for(user: User) -> QuerySet[User]:
    """People the user may see: the staff of the visible offices and their account managers."""
    if has_full_access(user):
        return User.objects.all()
    offices = offices_for(user)
    return User.objects.filter(
        Q(office__in=offices.values("pk")) | Q(pk__in=offices.values("account_manager")) | Q(pk=user.pk)
    ).distinct()


def writable_offices_for(user: User) -> QuerySet[Office]:
    """Offices where the user may create and change clients and deals (account managers only read)."""
    if has_full_access(user):
        return Office.objects.all()
    if user.role in (Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT) and user.office_id:
        return Office.objects.filter(pk=user.office_id)
    return Office.objects.none()


def can_write_in_office(user: User, office_id: int | None) -> bool:
    if office_id is None or not user.is_authenticated:
        return False
    if has_full_access(user):
        return True
    return user.role in (Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT) and user.office_id == office_id


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    """A person sees only their own API tokens, revoked ones included."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)
