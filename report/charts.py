"""The document's charts, where a picture reads faster than a table.

The PDF, and the on-screen document of a right-to-left strategy, draw them as
HTML bars (``html_charts``): the PDF renderer draws SVG text a letter at a
time, unshaped, which breaks Persian. The on-screen document of a
left-to-right strategy draws them as SVG with pygal (``charts``)."""

import re

import pygal
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pygal.style import Style

from report.document import Document
from strategy_planner.numbers import format_amount, format_count, format_number, format_percent
from strategy_planner.templatetags.calendars import date as date_filter

STYLE = Style(
    background="white",
    plot_background="white",
    font_family="DejaVu Sans, sans-serif",
    colors=("#0d6efd", "#198754", "#ffc107", "#dc3545", "#6c757d", "#0dcaf0"),
    title_font_size=16,
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=12,
    value_font_size=11,
)
OPTIONS = {
    "style": STYLE,
    "width": 640,
    "height": 300,
    "js": [],  # no scripts: the PDF renderer fetches nothing
    "disable_xml_declaration": True,
    "print_values": True,
    "show_legend": True,
    "legend_at_bottom": True,
    "margin": 12,
}


SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TOOLTIP_DATA = re.compile(r"<desc\b.*?</desc>", re.DOTALL)


def _svg(chart) -> str:
    # pygal adds an inline configuration script for its browser tooltips; the
    # document is static, so it goes (the page's Content-Security-Policy agrees),
    # and with it the <desc> elements that only fed the tooltips.
    # Its value labels say text-anchor="left", which SVG does not know: "start"
    # is what every renderer falls back to, so nothing moves.
    # The chart is laid out left to right whatever the page around it: on a
    # right-to-left page its labels would otherwise be anchored the wrong way.
    svg = chart.render(is_unicode=True)
    svg = TOOLTIP_DATA.sub("", COMMENT.sub("", SCRIPT.sub("", svg)))
    svg = svg.replace("<svg ", '<svg direction="ltr" ', 1)
    return svg.replace('text-anchor="left"', 'text-anchor="start"')


def _bars(title: str, rows: list[tuple[str, float, str]]) -> str:
    """The same chart as HTML bars: text the PDF renderer shapes (SVG text it does not)."""
    top = max((value for _label, value, _shown in rows), default=0) or 1
    return render_to_string(
        "report/_bar_chart.html",
        {
            "title": title,
            "rows": [
                {"label": label, "width": round(100 * value / top, 1), "shown": shown}
                for label, value, shown in rows
            ],
        },
    )


def html_charts(document: Document) -> dict[str, str]:
    """The charts as HTML bars, for right-to-left PDFs.

    WeasyPrint draws SVG text one letter at a time, so Persian letters would
    come out unjoined and in the wrong order; HTML text is shaped properly.
    """
    result = {}
    if any(group["count"] for group in document.mix):
        result["mix"] = _bars(
            _("Owned, earned and paid: share of leads"),
            [
                (group["label"], group["leads"], format_percent(group["share"] or 0, 0))
                for group in document.mix
            ],
        )
    channels = [row for group in document.inventory for row in group["assets"] if row.leads]
    if channels:
        top = sorted(channels, key=lambda row: -row.leads)[:10]
        result["leads"] = _bars(
            _("Leads by channel"),
            [(row.name, row.leads, format_count(row.leads)) for row in top],
        )
    months = [row for row in document.totals["by_month"] if row["month"]]
    if months:
        result["months"] = _bars(
            _("Planned pieces per month"),
            [
                (date_filter(row["month"], "F Y"), row["count"], format_count(row["count"]))
                for row in months
            ],
        )
    if document.totals["budget"]:
        result["budget"] = _bars(
            _("Budget by priority (%(currency)s)") % {"currency": document.strategy["currency"]},
            [
                (
                    row["label"],
                    float(row["budget"]),
                    format_amount(row["budget"], document.strategy["currency"]),
                )
                for row in document.totals["by_priority"]
            ],
        )
    return result


def charts(document: Document) -> dict[str, str]:
    """Inline SVG for each chart that has something to show."""
    result = {}
    if any(group["count"] for group in document.mix):
        mix = pygal.Pie(
            title=_("Owned, earned and paid: share of leads"),
            inner_radius=0.45,
            value_formatter=format_number,
            **OPTIONS,
        )
        for group in document.mix:
            mix.add(group["label"], group["leads"])
        result["mix"] = _svg(mix)
    channels = [row for group in document.inventory for row in group["assets"] if row.leads]
    if channels:
        top = sorted(channels, key=lambda row: -row.leads)[:10]
        leads = pygal.HorizontalBar(
            title=_("Leads by channel"),
            value_formatter=format_number,
            **{**OPTIONS, "show_legend": False, "height": 360},
        )
        leads.x_labels = [row.name for row in reversed(top)]
        leads.add(_("Leads"), [row.leads for row in reversed(top)])
        result["leads"] = _svg(leads)
    months = [row for row in document.totals["by_month"] if row["month"]]
    if months:
        planned = pygal.Bar(
            title=_("Planned pieces per month"),
            # Every month label whole; tilted when a year's worth would collide.
            **{**OPTIONS, "show_legend": False, "truncate_label": -1},
            x_label_rotation=-35 if len(months) > 6 else 0,
            value_formatter=format_number,
        )
        planned.x_labels = [row["month"].strftime("%Y-%m") for row in months]
        planned.add(_("Pieces"), [row["count"] for row in months])
        result["months"] = _svg(planned)
    if document.totals["budget"]:
        budget = pygal.Bar(
            title=_("Budget by priority (%(currency)s)")
            % {"currency": document.strategy["currency"]},
            value_formatter=lambda value: format_amount(value, document.strategy["currency"]),
            **{**OPTIONS, "show_legend": False},
        )
        budget.x_labels = [row["label"] for row in document.totals["by_priority"]]
        budget.add(_("Budget"), [float(row["budget"]) for row in document.totals["by_priority"]])
        result["budget"] = _svg(budget)
    return result
