"""The notifications page: newest first, a link to what each is about, mark as read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from nastavnik.notifications import selectors, services
from nastavnik.web.pages import acting_user, paginate, render_page


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    notifications = selectors.notifications_for(user)
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    context = {
        "page": paginate(request, notifications),
        "unread_only": bool(request.GET.get("unread")),
        "unread_total": selectors.unread_count(user),
    }
    return render_page(request, "notifications/list.html", "notifications/partials/results.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read; with ?open=1 go on to what it is about."""
    user = acting_user(request)
    notification = get_object_or_404(selectors.notifications_for(user), pk=pk)
    services.notification_mark_read(user=user, notification=notification)
    target = notification.url
    if request.POST.get("open") and target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=acting_user(request))
    return redirect("notifications:list")


@login_required
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The navbar's unread count; loaded and refreshed by htmx so no page pays for it."""
    return render(
        request, "notifications/partials/badge.html", {"unread": selectors.unread_count(acting_user(request))}
    )
