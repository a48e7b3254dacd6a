"""The comment pages: every open thread of a strategy, the threads of one thing,
and writing, replying, resolving, editing and deleting. Every member may read
and write comments (viewers included); only a comment's author edits it, and
its author or an owner deletes it."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comments import mail, throttle
from comments.forms import CommentForm
from comments.models import Comment, Thread
from comments.targets import KINDS, Target, find_target
from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.models import Role
from strategy_planner.wizard import STEPS, Progress

ITEMS = [*KINDS, "message__sequence"]


def _threads(access: StrategyAccess):
    return Thread.objects.filter(strategy=access.strategy).prefetch_related(
        Prefetch(
            "comments",
            Comment.objects.select_related("author__profile"),
        )
    )


def _target_of(thread: Thread) -> Target:
    if thread.kind in KINDS:
        return Target(thread.kind, thread.strategy, item=getattr(thread, thread.kind))
    return Target(thread.kind, thread.strategy, step=thread.step)


def _context(access: StrategyAccess, target: Target | None, **extra) -> dict:
    return {
        "access": access,
        "strategy": access.strategy,
        "progress": Progress(access.strategy, target.step_slug if target else None),
        "target": target,
        **extra,
    }


def _save_comment(request, access: StrategyAccess, form: CommentForm, thread: Thread, target):
    comment = form.save(commit=False)
    comment.thread, comment.author = thread, request.user
    comment.save()
    mentioned = form.mentioned()
    comment.mentions.set(mentioned)
    transaction.on_commit(lambda: mail.notify(request, comment, target, mentioned))
    return comment


def _throttled(request, form: CommentForm) -> bool:
    if throttle.take_turn(request.user):
        return False
    form.add_error(None, ValidationError(throttle.TOO_MANY, code="throttled"))
    return True


def _status(form: CommentForm) -> int:
    """429 for a comment refused by the limit (it is shown again, to send later)."""
    return 429 if form.has_error(NON_FIELD_ERRORS, "throttled") else 200


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
def comment_list(request, access: StrategyAccess):
    """Every open thread of the strategy, in the order of the steps."""
    threads = list(_threads(access).open().select_related("strategy", *ITEMS))
    rows = [(thread, _target_of(thread)) for thread in threads]
    order = {step.slug: index for index, step in enumerate(STEPS)}
    rows.sort(key=lambda row: (order[row[1].step_slug], row[0].created_at))
    return render(request, "comments/list.html", _context(access, None, rows=rows))


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
def target(request, access: StrategyAccess, target: str):
    """The threads of one thing, and a new thread about it."""
    found = find_target(access.strategy, target)
    form = CommentForm(request.POST or None, strategy=access.strategy, prefix="new")
    if request.method == "POST" and form.is_valid() and not _throttled(request, form):
        with transaction.atomic():
            thread = Thread.objects.create(strategy=access.strategy, **found.filter())
            comment = _save_comment(request, access, form, thread, found)
        messages.success(request, _("Comment added."))
        return redirect(comment.get_absolute_url())
    threads = _threads(access).filter(**found.filter()).select_related("resolved_by__profile")
    rows = [
        (thread, CommentForm(strategy=access.strategy, prefix=f"t{thread.pk}"))
        for thread in threads
    ]
    return render(
        request,
        "comments/target.html",
        _context(access, found, rows=rows, form=form),
        status=_status(form),
    )


def _thread(access: StrategyAccess, thread_id: int) -> Thread:
    return get_object_or_404(
        Thread.objects.filter(strategy=access.strategy).select_related("strategy", *ITEMS),
        pk=thread_id,
    )


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
@require_POST
def reply(request, access: StrategyAccess, thread_id: int):
    thread = _thread(access, thread_id)
    found = _target_of(thread)
    form = CommentForm(request.POST, strategy=access.strategy, prefix=f"t{thread.pk}")
    if form.is_valid() and not _throttled(request, form):
        comment = _save_comment(request, access, form, thread, found)
        messages.success(request, _("Reply added."))
        return redirect(comment.get_absolute_url())
    threads = _threads(access).filter(**found.filter()).select_related("resolved_by__profile")
    rows = [
        (
            each,
            form
            if each.pk == thread.pk
            else CommentForm(strategy=access.strategy, prefix=f"t{each.pk}"),
        )
        for each in threads
    ]
    new = CommentForm(strategy=access.strategy, prefix="new")
    return render(
        request,
        "comments/target.html",
        _context(access, found, rows=rows, form=new),
        status=_status(form),
    )


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
@require_POST
def resolve(request, access: StrategyAccess, thread_id: int):
    thread = _thread(access, thread_id)
    thread.resolve(request.user)
    messages.success(request, _("Thread resolved."))
    return redirect(thread.get_absolute_url())


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
@require_POST
def reopen(request, access: StrategyAccess, thread_id: int):
    thread = _thread(access, thread_id)
    thread.reopen()
    messages.success(request, _("Thread reopened."))
    return redirect(thread.get_absolute_url())


def _comment(access: StrategyAccess, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.filter(thread__strategy=access.strategy).select_related(
            "thread__strategy", *(f"thread__{item}" for item in ITEMS)
        ),
        pk=comment_id,
    )


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
def comment_edit(request, access: StrategyAccess, comment_id: int):
    comment = _comment(access, comment_id)
    if not comment.may_edit(request.user):
        raise PermissionDenied
    found = _target_of(comment.thread)
    form = CommentForm(request.POST or None, instance=comment, strategy=access.strategy)
    if request.method == "POST" and form.is_valid():
        comment = form.save(commit=False)
        comment.edited_at = timezone.now()
        comment.save()
        before = set(comment.mentions.values_list("pk", flat=True))
        mentioned = form.mentioned()
        comment.mentions.set(mentioned)
        newly = [user for user in mentioned if user.pk not in before]
        transaction.on_commit(lambda: mail.notify(request, comment, found, newly, tell_owner=False))
        messages.success(request, _("Comment saved."))
        return redirect(comment.get_absolute_url())
    return render(
        request, "comments/edit.html", _context(access, found, form=form, comment=comment)
    )


@strategy_view(read=Role.VIEWER, write=Role.VIEWER)
def comment_delete(request, access: StrategyAccess, comment_id: int):
    comment = _comment(access, comment_id)
    if not comment.may_delete(request.user, access):
        raise PermissionDenied
    found = _target_of(comment.thread)
    if request.method == "POST":
        thread = comment.thread
        with transaction.atomic():
            comment.delete()
            if not thread.comments.exists():
                thread.delete()
        messages.success(request, _("Comment deleted."))
        return redirect("comments:target", access.strategy.uuid, found.key)
    return render(request, "comments/delete.html", _context(access, found, comment=comment))
