"""The content plan's publish dates as an iCalendar feed."""

import datetime
import re

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from strategy_planner.models import Strategy
from strategy_planner.people import display_name

# What some readers take for the end of a line, and the control characters that
# iCalendar text may not hold at all (RFC 5545 allows the tab alone).
LINE_BREAK = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    """The user's text as iCalendar text: every line break a plain newline (which the
    library escapes), no control characters."""
    return CONTROL.sub("", LINE_BREAK.sub("\n", value))


def plan_calendar(strategy: Strategy, pieces) -> bytes:
    """One all-day event per dated piece, with a stable UID so updates replace events."""
    cal = Calendar()
    cal.add("prodid", "-//Strategy Planner//Content plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _text(f"{strategy.name} — content plan"))
    stamp = timezone.now()
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    for piece in pieces:
        event = Event()
        event.add("uid", f"content-piece-{piece.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", piece.publish_date)
        event.add("dtend", piece.publish_date + datetime.timedelta(days=1))
        event.add("summary", _text(piece.title))
        details = [
            f"{piece.get_format_display()} · {piece.get_status_display()}",
            f"{piece.get_priority_display()}",
        ]
        if piece.persona:
            details.append(str(piece.persona))
        if piece.owner:
            details.append(display_name(piece.owner))
        if piece.reason:
            details.append(piece.reason)
        event.add("description", _text("\n".join(details)))
        event.add("last-modified", piece.updated_at)
        cal.add_component(event)
    return cal.to_ical()
