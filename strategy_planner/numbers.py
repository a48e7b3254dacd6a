"""Figures as each language writes them, and numbers read back as a keyboard types them.

The one home of number formatting: the template filters (templatetags/planner.py),
the document, its charts and the workbook call these functions, which write a
figure in the language active at the time (a strategy's document is drawn inside
``translation.override`` of its language). The patterns, separators, currency
digits and unit names are CLDR's, through Babel.

- A **count** is a whole number (2,180 leads), never written with cents.
- An **amount** of money has its currency's own minor units: EUR 12.50, but IRR
  and JPY have none.
- A **percentage** is given in percent (20 means 20%); a **change** carries its sign.

**Digits.** A language whose CLDR numbering system is not Latin writes its own
digits: Persian writes ۱۲٬۵۰۰ and ٪۲۰. On screen a Persian reader may choose
Latin digits instead (a cookie read by ``DigitsMiddleware``, as the calendar
is chosen); the PDF, the one-page summary and the workbook always use their
document language's own digits, since they are the strategy's document whoever
downloads them (``use_digits(NATIVE)``).

**Direction.** In right-to-left text a figure with a sign or a symbol after it
(+20%, 0.75×) is isolated left to right (LRI … PDI), so that its parts keep
their order; a list joins its items with the language's own comma (Persian "، ").

Numbers written into CSS, URLs, data attributes or form values never come from
here: templates write those with ``|unlocalize``.
"""

import contextlib
import contextvars
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel import numbers as cldr
from babel.units import format_unit
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

MISSING = "—"

LATIN = "latin"
NATIVE = "native"
COOKIE = "digits"

# Persian as written in Iran (Babel's plain "fa" is the same today; the region
# makes the choice explicit). Other languages map by Django's own rule: "en-gb"
# becomes en_GB.
LOCALES = {"fa": "fa_IR"}

# The digits of the numbering systems a language here may write in.
NATIVE_DIGITS = {"arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}
# Numbering systems whose readers put the percent sign before the figure (٪۲۰).
PERCENT_SIGN_FIRST = {"arabext"}

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
BIDI_MARKS = "\u200e\u200f\u061c"

_digits = contextvars.ContextVar("digits", default=NATIVE)


def digits_choice() -> str:
    """The digits chosen for what is formatted now: NATIVE (the language's own) or LATIN."""
    return _digits.get()


@contextlib.contextmanager
def use_digits(choice: str):
    """Latin digits, or the language's own, for what is formatted inside."""
    token = _digits.set(choice if choice in (LATIN, NATIVE) else NATIVE)
    try:
        yield
    finally:
        _digits.reset(token)


class DigitsMiddleware:
    """The reader's digits (a cookie) for the rest of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.digits = request.COOKIES.get(COOKIE, NATIVE)
        with use_digits(request.digits):
            return self.get_response(request)


@functools.cache
def _locale_of(language: str) -> Locale:
    name = LOCALES.get(language, translation.to_locale(language))
    for candidate in (name, name.split("_")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("Babel knows English")  # pragma: no cover


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale of a Django language code (the active language by default)."""
    return _locale_of((language or translation.get_language() or settings.LANGUAGE_CODE).lower())


def has_native_digits(language: str | None = None) -> bool:
    """Whether the language writes digits of its own (Persian does)."""
    return babel_locale(language).default_numbering_system in NATIVE_DIGITS


def _numbering(locale: Locale) -> str:
    native = locale.default_numbering_system
    if native in NATIVE_DIGITS and _digits.get() == NATIVE:
        return native
    return "latn"


_TO_NATIVE = {name: str.maketrans("0123456789", digits) for name, digits in NATIVE_DIGITS.items()}


def _written(text: str, numbering: str) -> str:
    return text.translate(_TO_NATIVE[numbering]) if numbering in _TO_NATIVE else text


def with_digits(text: str) -> str:
    """Text whose Latin digits are written in the active language's own digits, unless
    the reader chose Latin digits (for figures put together elsewhere, such as dates)."""
    return _written(text, _numbering(babel_locale()))


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _rounded(value, places: int) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _right_to_left() -> bool:
    return translation.get_language_bidi()


def left_to_right(text: str) -> str:
    """A figure whose parts must keep their order (a sign, a symbol after it), isolated
    left to right when the text around it runs right to left."""
    return f"{LRI}{text}{PDI}" if text and _right_to_left() else text


def _symbol(name: str, locale: Locale, numbering: str) -> str:
    symbols = locale.number_symbols.get(numbering) or locale.number_symbols["latn"]
    return symbols.get(name, "").strip(BIDI_MARKS)


# Counts and amounts ----------------------------------------------------------


def format_count(value) -> str:
    """A whole number, grouped: 2,180 / 2.180 / ۲٬۱۸۰."""
    if value is None or value == "":
        return MISSING
    locale = babel_locale()
    numbering = _numbering(locale)
    text = cldr.format_decimal(_rounded(value, 0), locale=locale, numbering_system=numbering)
    return _written(text, numbering)


def format_number(value, decimals: int = 2) -> str:
    """A figure with decimals only where it has them (at most ``decimals``): 12, 12.5."""
    if value is None or value == "":
        return MISSING
    locale = babel_locale()
    numbering = _numbering(locale)
    text = cldr.format_decimal(
        _rounded(value, decimals).normalize(),
        locale=locale,
        decimal_quantization=False,
        numbering_system=numbering,
    )
    return _written(text, numbering)


def is_currency(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and cldr.is_currency(code.upper())


def currency_digits(currency: str) -> int:
    """The minor units of a currency: 2 for EUR, 0 for IRR and JPY."""
    return cldr.get_currency_precision(currency.upper())


def _spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a symbol that ends (or starts)
    with a letter is kept apart from the digits ("IRR 10,800", not "IRR10,800")."""
    if not symbol:
        return text
    if symbol[-1].isalpha():
        text = re.sub(rf"({re.escape(symbol)})(?=[-\d])", "\\1\u00a0", text, count=1)
    if symbol[0].isalpha():
        text = re.sub(rf"(?<=\d)({re.escape(symbol)})", "\u00a0\\1", text, count=1)
    return text


def format_money(value, currency: str, whole: bool = False) -> str:
    """An amount with its currency, in the currency's own minor units: €12,500.00,
    12.500,00 EUR, IRR 10,800,000,000. ``whole``: without minor units (income)."""
    if value is None or value == "":
        return MISSING
    locale = babel_locale()
    numbering = _numbering(locale)
    currency = currency.upper()
    pattern = None
    if whole:
        pattern = re.sub(r"0\.0+", "0", locale.currency_formats["standard"].pattern)
    text = cldr.format_currency(
        _decimal(value),
        currency,
        format=pattern,
        locale=locale,
        currency_digits=not whole,
        numbering_system=numbering,
    )
    return _written(_spaced(text, cldr.get_currency_symbol(currency, locale)), numbering)


def format_amount(value, currency: str) -> str:
    """An amount without its currency sign (a column or chart that names the currency),
    in the currency's own minor units."""
    if value is None or value == "":
        return MISSING
    locale = babel_locale()
    numbering = _numbering(locale)
    text = cldr.format_currency(
        _decimal(value),
        currency.upper(),
        format=locale.decimal_formats[None].pattern,
        locale=locale,
        numbering_system=numbering,
    )
    return _written(text, numbering)


# Percentages, changes, ratios ------------------------------------------------


def format_percent(value, decimals: int = 1) -> str:
    """A percentage given in percent (20 → 20%, 20 %, ٪۲۰), decimals only where it has them."""
    if value is None or value == "":
        return MISSING
    locale = babel_locale()
    numbering = _numbering(locale)
    if numbering in PERCENT_SIGN_FIRST:
        figure = format_number(value, decimals)
        return _symbol("percentSign", locale, numbering) + figure
    text = cldr.format_percent(
        (_rounded(value, decimals) / 100).normalize(),
        locale=locale,
        decimal_quantization=False,
        numbering_system=numbering,
    )
    return _written(text, numbering)


def _signed(value, text: str) -> str:
    locale = babel_locale()
    numbering = _numbering(locale)
    if value > 0:
        text = _symbol("plusSign", locale, numbering) + text
    elif value < 0:
        text = _symbol("minusSign", locale, numbering) + text
    return left_to_right(text)


def format_signed_amount(value, currency: str, with_currency: bool = False) -> str:
    """A difference of money with its sign (+120.00, -45.50; with the currency:
    +€120.00), kept in order in right-to-left text: a budget's variance."""
    if value is None or value == "":
        return MISSING
    value = _decimal(value)
    written = format_money if with_currency else format_amount
    return _signed(value, written(abs(value), currency))


def format_change(value, decimals: int = 0) -> str:
    """A change in percent with its sign (+20%), kept in order in right-to-left text."""
    if value is None or value == "":
        return MISSING
    value = _rounded(value, decimals)
    return _signed(value, format_percent(abs(value), decimals))


def format_times(value) -> str:
    """A ratio such as a return on ad spend: 3.2×, kept in order in right-to-left text."""
    if value is None or value == "":
        return MISSING
    return left_to_right(f"{format_number(value, 2)}×")


# Durations -------------------------------------------------------------------


def _unit(value, unit: str) -> str:
    locale = babel_locale()
    numbering = _numbering(locale)
    text = format_unit(
        _decimal(value), unit, length="long", locale=locale, numbering_system=numbering
    )
    return _written(text, numbering)


def format_hours(value) -> str:
    """Hours of work: 12 hours, 12 ore, ۱۲ ساعت (CLDR's unit names and plural forms)."""
    if value is None or value == "":
        return MISSING
    return _unit(_rounded(value, 2).normalize(), "duration-hour")


def _join_units(parts: list[str]) -> str:
    """Parts of one measure (1 day, 2 hours) as CLDR lists units, with the language's
    ordinary list separator where Babel's unit pattern is incomplete."""
    if len(parts) < 2:
        return "".join(parts)
    patterns = babel_locale().list_patterns
    units, standard = patterns.get("unit", {}), patterns["standard"]
    if len(parts) == 2:
        return units.get("2", standard["2"]).format(*parts)
    middle = units.get("middle", standard["middle"])
    text = units.get("end", units.get("2", standard["end"])).format(parts[-2], parts[-1])
    for part in reversed(parts[:-2]):
        text = middle.format(part, text)
    return text


def _duration_parts(minutes: int) -> list[tuple[int, str]]:
    """Days, hours and minutes of a wait, each as (count, CLDR's unit)."""
    days, rest = divmod(int(minutes), 1440)
    hours, minutes = divmod(rest, 60)
    parts = [
        (count, unit)
        for count, unit in (
            (days, "duration-day"),
            (hours, "duration-hour"),
            (minutes, "duration-minute"),
        )
        if count
    ]
    return parts or [(0, "duration-minute")]


def format_duration(minutes: int) -> str:
    """A wait in minutes as days, hours and minutes: 1 day, 2 hours."""
    return _join_units([_unit(count, unit) for count, unit in _duration_parts(minutes)])


def format_delay(minutes: int) -> str:
    """When a message goes, from its trigger's moment, its sign beside the first
    figure: "+1 day, 2 hours" after it, "−1 day" before it (a reminder before an
    appointment); in right-to-left text the signed figure is isolated, so the sign
    stays with it. The one way a step's timing is written: the sequence page, the
    document, the PDF and the workbook."""
    minutes = int(minutes)
    found = _duration_parts(abs(minutes))
    parts = [_unit(count, unit) for count, unit in found]
    first = format_count(found[0][0])
    locale = babel_locale()
    sign = _symbol("minusSign" if minutes < 0 else "plusSign", locale, _numbering(locale))
    parts[0] = parts[0].replace(first, left_to_right(sign + first), 1)
    return _join_units(parts)


# Ranges, measures, lists -----------------------------------------------------


def format_range(low, high, currency: str | None = None, whole: bool = True) -> str:
    """From one figure to another (an age or an income range): 25–40, €30,000–60,000.
    An open end is said in words ("from €30,000", "up to €60,000")."""
    if low is None and high is None:
        return MISSING

    def money(value) -> str:
        return format_money(value, currency, whole=whole)

    def plain(value) -> str:
        return format_number(value, 0 if whole else 2)

    if low is None or high is None:
        shown = (money if currency else plain)(high if low is None else low)
        if low is None:
            return _("up to %(figure)s") % {"figure": shown}
        return _("from %(figure)s") % {"figure": shown}
    if not currency:
        return f"{plain(low)}–{plain(high)}"
    # The currency sign once, on the side the language writes it, as ICU's ranges do:
    # €30,000–60,000 but 30.000–60.000 EUR.
    pattern = babel_locale().currency_formats["standard"].pattern.split(";")[0]
    bare = format_count if whole else functools.partial(format_amount, currency=currency)
    if pattern.index("¤") > pattern.index("0"):
        return f"{bare(low)}–{money(high)}"
    return f"{money(low)}–{bare(high)}"


PERCENT_UNITS = {"%", "٪", "percent", "per cent"}


def format_measure(value, unit: str = "") -> str:
    """A goal's figure in its unit: money when the unit is a currency code ("EUR"), a
    percentage for "%", otherwise the figure, with decimals only where it has them."""
    code = (unit or "").strip()
    if code.casefold() in PERCENT_UNITS:
        return format_percent(value, 2)
    if is_currency(code):
        return format_money(value, code)
    return format_number(value, 2)


def unit_is_shown_by_figure(unit: str) -> bool:
    """Whether ``format_measure`` already writes the unit (a currency, a percent sign)."""
    code = (unit or "").strip()
    return code.casefold() in PERCENT_UNITS or is_currency(code)


def format_in_unit(value, unit: str = "") -> str:
    """One of a goal's figures as it reads alone: in its unit ("€1,200.00", "25%",
    "55,900 leads"); "—" when there is none. The unit, a reader's text, is isolated."""
    if value is None:
        return "—"
    text = format_measure(value, unit)
    if unit and not unit_is_shown_by_figure(unit):
        text += f" {FSI}{unit.strip()}{PDI}"
    return text


def forward_arrow() -> str:
    """An arrow from what comes first to what follows it, pointing the way the
    language reads: "100 → 150" in English, "۱۰۰ ← ۱۵۰" in Persian (the arrow
    characters are not mirrored by the bidi algorithm)."""
    return "←" if _right_to_left() else "→"


def format_goal_figures(baseline, target, unit: str = "") -> str:
    """A goal's way from baseline to target, as plain text: "2,180 → 2,619 leads a
    month", "€10,000.00 → €12,000.00", "20% → 25%". The unit, a reader's text, is
    isolated so that its direction cannot reorder the figures."""
    text = f"{format_measure(baseline, unit)} {forward_arrow()} {format_measure(target, unit)}"
    if unit and not unit_is_shown_by_figure(unit):
        text += f" {FSI}{unit}{PDI}"
    return text


def list_separator() -> str:
    """What separates the items of a list: ", " (Persian "، ")."""
    middle = babel_locale().list_patterns["standard"]["middle"]
    return (
        middle.replace("{0}", "").replace("{1}", "").strip(BIDI_MARKS).replace("\u200f", "") or ", "
    )


def semicolon_separator() -> str:
    """What separates longer items, each with commas of its own: "; " (Persian "؛ ")."""
    locale = babel_locale()
    return _symbol("list", locale, locale.default_numbering_system) + " "


def join_list(items) -> str:
    return list_separator().join(str(item) for item in items)


def join_semicolons(items) -> str:
    return semicolon_separator().join(str(item) for item in items)


# Reading numbers back --------------------------------------------------------

_DIGITS_TO_LATIN = str.maketrans(
    {
        **{
            digit: str(number)
            for digits in NATIVE_DIGITS.values()
            for number, digit in enumerate(digits)
        },
        "\u2212": "-",  # minus sign
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash, as some keyboards type a minus
    }
)
_DROPPED = re.compile(
    r"[\s\u00a0\u202f\u2009\u200a\u200e\u200f\u061c\u2066-\u2069\u202a-\u202e\u066c']"
)
_ARABIC_DECIMAL = "\u066b"  # ٫
_THREE_DIGIT_GROUP = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")


def parse_number(value, language: str | None = None):
    """The number a reader typed, written as Python reads numbers ("1234.5"): Persian
    (۰–۹) and Arabic-Indic (٠–٩) digits, the Persian separators (٬ thousands, ٫
    decimal), and the separators of the language: a Romanian may write "1.234,5".

    Anything that is not text (a figure from a workbook's cell) is returned as it
    is; text that is no number comes back cleaned of separators only, so that the
    field it is meant for says what is wrong with it."""
    if not isinstance(value, str):
        return value
    text = _DROPPED.sub("", unicodedata.normalize("NFKC", value).translate(_DIGITS_TO_LATIN))
    if _ARABIC_DECIMAL in text:
        return text.replace(",", "").replace(".", "").replace(_ARABIC_DECIMAL, ".")
    locale = babel_locale(language)
    if cldr.get_decimal_symbol(locale) == ",":
        if "," in text:
            return text.replace(".", "").replace(",", ".")
        if text.count(".") > 1 or _THREE_DIGIT_GROUP.fullmatch(text):
            return text.replace(".", "")  # 1.234 is a thousand and more, as 1.234.567
        return text
    if locale.default_numbering_system in NATIVE_DIGITS:
        text = text.replace("/", ".")  # Persian writes 2/5 for two and a half
    return text.replace(",", "")


def number_for_input(value, language: str | None = None) -> str:
    """A number as a form field shows it, so that it reads back the same: the
    language's digits and decimal separator, no grouping, the decimals it has
    (none when they are all zeros). Text is what a field read back already
    (``parse_number``'s answer): a number in it is shown again, anything else as
    it is."""
    if value is None or value == "":
        return ""
    try:
        number = _decimal(value)
    except InvalidOperation:
        return value  # not a number
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        number = number.to_integral_value()
    locale = babel_locale(language)
    numbering = _numbering(locale)
    text = format(number, "f")
    decimal_symbol = _symbol("decimal", locale, numbering) or "."
    return _written(text.replace(".", decimal_symbol), numbering)
