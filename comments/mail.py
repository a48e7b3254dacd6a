"""Who hears about a new comment: the members it mentions, and the owner of the
item it is about (an action, a content piece, a channel), each unless their
profile turns that mail off (no profile yet: on)."""

from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from comments.models import Comment
from comments.targets import Target
from strategy_planner.accounts import sender
from strategy_planner.models import Membership
from strategy_planner.people import display_name, profile_of


def wants(user, setting: str) -> bool:
    profile = profile_of(user)
    return profile is None or getattr(profile, setting)


def recipients(
    comment: Comment, target: Target, mentioned: list, tell_owner: bool = True
) -> list[tuple[object, str]]:
    """(user, why) for everybody to mail: never the author, never twice, only members."""
    members = set(
        Membership.objects.filter(strategy=target.strategy).values_list("user_id", flat=True)
    )
    chosen, seen = [], {comment.author_id}
    for user in mentioned:
        if user.pk not in seen and user.pk in members and wants(user, "mail_when_mentioned"):
            chosen.append((user, "mentioned"))
        seen.add(user.pk)
    owner = target.owner() if tell_owner else None
    if (
        owner is not None
        and owner.pk not in seen
        and owner.pk in members
        and owner.email
        and wants(owner, "mail_about_my_items")
    ):
        chosen.append((owner, "owner"))
    return [(user, why) for user, why in chosen if user.email]


def notify(
    request: HttpRequest, comment: Comment, target: Target, mentioned: list, tell_owner=True
) -> int:
    """Mail everybody who should hear about ``comment``; how many mails were sent."""
    link = request.build_absolute_uri(comment.get_absolute_url())
    sent = 0
    for user, why in recipients(comment, target, mentioned, tell_owner):
        context = {
            "author": display_name(comment.author),
            "reader": display_name(user),
            "strategy": target.strategy.name,
            "about": target.name,
            "kind": target.kind_label,
            "text": comment.text,
            "link": link,
            "why": why,
        }
        if why == "mentioned":
            subject = _("%(author)s mentioned you in “%(strategy)s”") % context
        else:
            subject = _("%(author)s commented on your %(kind)s “%(about)s”") % context
        body = render_to_string("comments/mail.txt", context, request=request)
        sent += send_mail(subject, body, sender(), [user.email])
    return sent
