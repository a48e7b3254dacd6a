"""The plan-vs-actual chart of a goal: an inline SVG drawn here, without CSS or
script, so that the page's Content-Security-Policy has nothing to allow. The
strategy document (its preview and its PDF) draws the same chart with its labels
as HTML, which the PDF renderer shapes (``plan_vs_actual(..., html_labels=True)``).

Coordinates are written by Python's own formatting, never localised (a Persian
page must not write ۱۲٫۵ into an attribute); the labels are text in the reader's
language and digits. In a right-to-left language the months run from right to
left, as they do in the table beside the chart."""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from results.rules import GoalResults, Status
from strategy_planner.calendars import GREGORIAN, format_date, use_calendar
from strategy_planner.numbers import format_measure

WIDTH, HEIGHT = 480, 210
TOP, BOTTOM = 12, 28  # room for the month names below
SIDE, FAR_SIDE = 70, 12  # room for the values beside the axis
TICKS = 4
# Below this width a month's name does not fit under it: every other month is named.
NAMED_MONTH_WIDTH = 44
MILESTONE_COLOUR = "#6c757d"
ACTUAL_COLOUR = "#0d6efd"
STATUS_COLOURS = {
    Status.ON_TRACK: "#198754",
    Status.AT_RISK: "#b58105",
    Status.OFF_TRACK: "#dc3545",
}


def _n(value: float) -> str:
    """A coordinate, as SVG reads it whatever the language."""
    return f"{value:.1f}"


def _percent(value: float, whole: float) -> str:
    """A length in CSS, as a share of the drawing's width or height."""
    return f"{100 * value / whole:.2f}%"


def month_name(month) -> str:
    """A month's short name without its year ("Mar"), Gregorian like every check-in's month."""
    with use_calendar(GREGORIAN):
        return format_date(month, "M")


def nice_ticks(low: Decimal, high: Decimal, count: int = TICKS) -> list[Decimal]:
    """Round values for the axis, from at most ``low`` to at least ``high``, about
    ``count`` steps apart: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    magnitude = Decimal(10) ** raw.adjusted()
    step = next(
        magnitude * factor for factor in (1, 2, Decimal("2.5"), 5, 10) if magnitude * factor >= raw
    )
    value = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    end = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    ticks = []
    while value <= end:
        ticks.append(value)
        value += step
    return ticks


def plan_vs_actual(results: GoalResults, html_labels: bool = False) -> SafeString:
    """The goal's milestones as a dashed line and its actuals as a solid one, with a
    dot a month coloured by its status.

    With ``html_labels`` the axis values and the month names are HTML laid over the
    drawing, each where the SVG would have written it (in percentages of the
    drawing, so the chart keeps to any width), instead of SVG text: the PDF renderer
    draws SVG text a letter at a time, unshaped, so a Persian month name would come
    out with its letters apart and backwards, while HTML text it shapes like the
    page around it. The document uses this; the Results page, in a browser, the SVG
    alone."""
    months = results.months
    values = [results.baseline, results.target]
    values += [month.milestone.value for month in months]
    values += [month.actual for month in months if month.actual is not None]
    ticks = nice_ticks(min(values), max(values))
    low, high = float(ticks[0]), float(ticks[-1])
    mirrored = get_language_bidi()
    plot_width = WIDTH - SIDE - FAR_SIDE
    step = plot_width / max(len(months), 1)

    def x(index: int) -> float:
        offset = step * (index + 0.5)
        return WIDTH - SIDE - offset if mirrored else SIDE + offset

    def y(value) -> float:
        return TOP + (high - float(value)) / (high - low) * (HEIGHT - TOP - BOTTOM)

    plot_left, plot_right = (FAR_SIDE, WIDTH - SIDE) if mirrored else (SIDE, WIDTH - FAR_SIDE)
    axis_x = plot_right if mirrored else plot_left
    label_x = axis_x + 6 if mirrored else axis_x - 6
    anchor = "start" if mirrored else "end"
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dee2e6" stroke-width="1"/>',
        ((_n(plot_left), _n(plot_right), _n(y(value)), _n(y(value))) for value in ticks),
    )
    tick_labels = [(y(value), format_measure(value, results.unit)) for value in ticks]
    every_month = step >= NAMED_MONTH_WIDTH
    month_labels = [
        (x(index), month_name(month.month))
        for index, month in enumerate(months)
        if every_month or index % 2 == 0
    ]
    milestone_points = " ".join(
        f"{_n(x(index))},{_n(y(month.milestone.value))}" for index, month in enumerate(months)
    )
    actual_points = [
        (index, month) for index, month in enumerate(months) if month.actual is not None
    ]
    actual_line = ""
    if len(actual_points) > 1:
        actual_line = format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
            " ".join(f"{_n(x(index))},{_n(y(month.actual))}" for index, month in actual_points),
            ACTUAL_COLOUR,
        )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="5" fill="{}" stroke="#fff" stroke-width="1.5"/>',
        (
            (_n(x(index)), _n(y(month.actual)), STATUS_COLOURS[month.status])
            for index, month in actual_points
        ),
    )
    if html_labels:
        svg_text = ""
    else:
        svg_text = format_html_join(
            "",
            '<text x="{}" y="{}" font-size="13" fill="#495057" text-anchor="{}" '
            'dominant-baseline="middle">{}</text>',
            ((_n(label_x), _n(top), anchor, text) for top, text in tick_labels),
        ) + format_html_join(
            "",
            '<text x="{}" y="{}" font-size="13" fill="#495057" text-anchor="middle">{}</text>',
            ((_n(centre), _n(HEIGHT - 8), text) for centre, text in month_labels),
        )
    label = _("Plan and actual of “%(goal)s”, month by month") % {"goal": results.name}
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'direction="ltr" role="img" aria-label="{}" class="results-chart"{}>'
        "{}"
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
        'stroke-dasharray="6 4"/>'
        "{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        label,
        SafeString(' style="display: block"') if html_labels else "",
        grid,
        milestone_points,
        MILESTONE_COLOUR,
        actual_line,
        dots,
        svg_text,
    )
    if not html_labels:
        return svg
    # The values beside the axis, each in a box from the axis out to the drawing's
    # edge and aligned against the axis; the month names each centred in the room
    # of the months it names (two when every other one is named), below the plot.
    tick_left, tick_right, tick_align = (
        (label_x, WIDTH, "left") if mirrored else (0, label_x, "right")
    )
    room = step if every_month else 2 * step
    labels = format_html_join(
        "",
        '<span class="plan-vs-actual-label" aria-hidden="true" style="position: absolute; '
        "top: {}; left: {}; width: {}; text-align: {}; margin-top: -0.5em; line-height: 1; "
        'white-space: nowrap">{}</span>',
        (
            (
                _percent(top, HEIGHT),
                _percent(tick_left, WIDTH),
                _percent(tick_right - tick_left, WIDTH),
                tick_align,
                text,
            )
            for top, text in tick_labels
        ),
    ) + format_html_join(
        "",
        '<span class="plan-vs-actual-label" aria-hidden="true" style="position: absolute; '
        "top: {}; left: {}; width: {}; text-align: center; line-height: 1; "
        'white-space: nowrap">{}</span>',
        (
            (
                _percent(HEIGHT - BOTTOM + 6, HEIGHT),
                _percent(centre - room / 2, WIDTH),
                _percent(room, WIDTH),
                text,
            )
            for centre, text in month_labels
        ),
    )
    return format_html(
        '<div class="plan-vs-actual" dir="ltr" style="position: relative">{}{}</div>',
        svg,
        labels,
    )
