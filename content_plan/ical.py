"""The content plan's publish dates as an iCalendar feed."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from strategy_planner.models import Strategy


def plan_calendar(strategy: Strategy, pieces) -> bytes:
    """One all-day event per dated piece, with a stable UID so updates replace events."""
    cal = Calendar()
    cal.add("prodid", "-//Strategy Planner//Content plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{strategy.name} — content plan")
    stamp = timezone.now()
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
    for piece in pieces:
        event = Event()
        event.add("uid", f"content-piece-{piece.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", piece.publish_date)
        event.add("dtend", piece.publish_date + datetime.timedelta(days=1))
        event.add("summary", piece.title)
        details = [
            f"{piece.get_format_display()} · {piece.get_status_display()}",
            f"{piece.get_priority_display()}",
        ]
        if piece.persona:
            details.append(str(piece.persona))
        if piece.owner:
            details.append(piece.owner.get_username())
        if piece.reason:
            details.append(piece.reason)
        event.add("description", "\n".join(details))
        event.add("last-modified", piece.updated_at)
        cal.add_component(event)
    return cal.to_ical()
