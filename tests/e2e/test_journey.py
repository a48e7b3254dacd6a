"""The whole journey in a real browser, once in each language.

A newcomer picks the interface language from the menu, signs up, creates a
strategy written in that language and walks every step of the wizard in order:
the basics, a persona and the brand voice, a goal and the funnel calculator, the
channel inventory, owned media (an audited piece, a gap, a piece planned from
it, a message sequence), earned and paid media, and the consolidated strategy.
They invite a colleague as a viewer, who reads the strategy without any edit
control and downloads the PDF and the workbook.

Fields are found by their labels and buttons by their names, the way a
keyboard or screen-reader user finds them, so the journey also shows that every
form it touches is labelled in each language. A full-page screenshot of every
step is kept in test-artifacts/journey-<language>-<nn>-<step>.png, beside the
PDF and the workbook the viewer downloaded.

English runs twice, as an American and as a British reader: the same words, with
what differs for each locale checked (the new strategy's currency, day/month/year
dates, weeks from Monday). Every run checks what its reader reads, as they read
it: figures (counts, money, ranges, changes), dates, the content calendar's month
(its title, weekday names, the week's first day, the piece on its day) and, in
Persian, the signed figures isolated so that they keep their order in
right-to-left text.
"""

import calendar
import datetime
import itertools
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace

import openpyxl
import pytest
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, override
from playwright.sync_api import Locator, Page, expect

from strategy_planner.calendars import format_date
from strategy_planner.numbers import (
    LRI,
    PDI,
    format_change,
    format_count,
    format_delay,
    format_money,
    format_range,
    with_digits,
)
from strategy_planner.templatetags.locales import language_menu
from strategy_planner.templatetags.planner import FSI
from strategy_planner.wizard import STEPS
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "en-gb", "fa", "ro")
PASSPHRASE = "a-long-and-unusual-passphrase"

HORIZON = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
DUE, PUBLISH = datetime.date(2027, 3, 1), datetime.date(2027, 3, 4)  # the planned piece's


@dataclass(frozen=True)
class Reader:
    """What the reader of one language is shown as their locale has it."""

    locale: str  # as the language menu and <html lang> name it
    document_language: str  # what the new-strategy form starts with ...
    currency: str  # ... for this reader
    horizon: str  # the planning horizon (HORIZON) in the strategy's header, in its digits
    week: tuple[str, ...]  # the content calendar's weekday headers
    first_weekday: int  # the day its weeks start on (calendar.MONDAY …)


READERS = {
    "en": Reader(  # "en" is American English, as earlier language cookies name it
        locale="en-us",
        document_language="English",
        currency="USD",
        horizon="01/01/2027 – 12/31/2027",
        week=("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
        first_weekday=calendar.SUNDAY,
    ),
    "en-gb": Reader(
        locale="en-gb",
        document_language="English",
        currency="GBP",
        horizon="01/01/2027 – 31/12/2027",
        week=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        first_weekday=calendar.MONDAY,
    ),
    "fa": Reader(
        locale="fa",
        document_language="Persian",
        currency="IRR",
        horizon="۲۰۲۷/۱/۱ – ۲۰۲۷/۱۲/۳۱",
        week=("شنبه", "یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه"),
        first_weekday=calendar.SATURDAY,
    ),
    "ro": Reader(
        locale="ro",
        document_language="Romanian",
        currency="RON",
        horizon="01.01.2027 – 31.12.2027",
        week=("Lun", "Mar", "Mie", "Joi", "Vin", "Sâm", "Dum"),
        first_weekday=calendar.MONDAY,
    ),
}


@dataclass(frozen=True)
class Words:
    """What the people in one language's run type."""

    owner: str
    owner_email: str
    viewer: str
    viewer_email: str
    strategy: str
    organisation: str
    industry: str
    currency: str
    persona: str
    summary: str
    location: str
    job_title: str
    income: tuple[str, str]
    persona_goals: tuple[str, ...]
    challenges: tuple[str, ...]
    evidence: str
    personality: str
    sounds_like: str
    guidelines: str
    use: str
    avoid: str
    example: str
    business_goal: str
    marketing_goal: str
    metric: str
    unit: str
    funnel: dict[str, str]  # the calculator's labels (as in the source) and figures
    shop: str
    reviews: str
    press: str
    search_ads: str
    spend: str
    target_cost: str
    why_it_works: str
    decision_reason: str
    audited: str
    gap: str
    idea: str
    budget: str
    sequence: str
    message: str
    diagnosis: str
    guiding_policy: str
    action: str
    action_how: str


WORDS = {
    "en": Words(
        owner="maya",
        owner_email="maya.planner@example.com",
        viewer="manager",
        viewer_email="olivia.manager@example.com",
        strategy="Northwind growth plan 2027",
        organisation="Northwind Coffee Roasters",
        industry="Specialty coffee retail",
        currency="EUR",
        persona="Home-brew Hannah",
        summary="Brews pour-over at home and wants café-quality coffee.",
        location="Berlin",
        job_title="Product designer",
        income=("38000", "62000"),
        persona_goals=("Café-quality coffee at home", "Learn where the beans come from"),
        challenges=("Beans go stale before the bag is finished",),
        evidence="Survey of 212 customers in March; 6 interviews with subscribers.",
        personality="A friendly expert barista",
        sounds_like="The barista at your favourite corner café",
        guidelines="Warm, curious and helpful; never snobbish about coffee.",
        use="freshly roasted",
        avoid="cheap",
        example="Your beans were roasted on Monday: here is how to brew them.",
        business_goal="Grow online revenue 20% this year",
        marketing_goal="50% more leads from the website",
        metric="Website leads",
        unit="leads a month",
        funnel={
            "Revenue now": "240000",
            "Revenue target": "288000",
            "Average order or deal value": "32",
            "Lead-to-customer rate (%)": "12",
            "Visitor-to-lead rate (%)": "20",
            "Leads now": "50000",
        },
        shop="Online shop",
        reviews="Google reviews",
        press="Food magazine",
        search_ads="Search ads",
        spend="9300",
        target_cost="4",
        why_it_works="Shoppers compare roasters here before they buy.",
        decision_reason="€3 a lead, under the target: keep it.",
        audited="Pour-over brew guide",
        gap="How much do I save with a subscription?",
        idea="Subscription savings calculator",
        budget="2400",
        sequence="Cart rescue",
        message="Still thinking it over? Shoppers rate our {{product_name}} 4.8 out of 5.",
        diagnosis="New visitors do not trust an unknown roaster enough to buy.",
        guiding_policy="Win trust through expertise and reviews before asking for a sale.",
        action="Put brew guides and reviews first",
        action_how="Every product page shows its reviews and a short brew guide.",
    ),
    "fa": Words(
        owner="نیلوفر",
        owner_email="niloufar@example.ir",
        viewer="مدیر_فروش",
        viewer_email="modir@example.ir",
        strategy="برنامه رشد قهوه ماه",
        organisation="برشته‌کاری قهوه ماه",
        industry="فروش قهوه تخصصی",
        currency="IRR",
        persona="سارا، باریستای خانگی",
        summary="در خانه قهوه دمی درست می‌کند و طعم قهوه کافه را می‌خواهد.",
        location="تهران",
        job_title="طراح محصول",
        income=("1200000000", "2400000000"),
        persona_goals=("قهوه‌ای به خوبی کافه در خانه", "شناختن خاستگاه دانه‌ها"),
        challenges=("دانه‌ها پیش از تمام شدن بسته کهنه می‌شوند",),
        evidence="نظرسنجی از ۲۱۲ مشتری در اسفند و ۶ مصاحبه با مشترکان.",
        personality="یک باریستای کاربلد و خوش‌برخورد",
        sounds_like="قهوه‌چی قدیمی محله",
        guidelines="گرم، کنجکاو و کمک‌کننده؛ هرگز فخرفروش نباشیم.",
        use="تازه برشته‌شده",
        avoid="ارزان",
        example="دانه‌های شما دوشنبه برشته شدند؛ این هم روش دم کردنشان.",
        business_goal="افزایش ۲۰ درصدی فروش آنلاین در امسال",
        marketing_goal="۵۰ درصد سرنخ بیشتر از وب‌سایت",
        metric="سرنخ‌های وب‌سایت",
        unit="سرنخ در ماه",
        funnel={
            "Revenue now": "24000000000",
            "Revenue target": "28800000000",
            "Average order or deal value": "3200000",
            "Lead-to-customer rate (%)": "12",
            "Visitor-to-lead rate (%)": "20",
            "Leads now": "50000",
        },
        shop="فروشگاه اینترنتی",
        reviews="نظرات گوگل",
        press="مجله آشپزی",
        search_ads="تبلیغات جستجوی گوگل",
        spend="930000000",
        target_cost="400000",
        why_it_works="خریداران پیش از خرید، برشته‌کارها را این‌جا مقایسه می‌کنند.",
        decision_reason="هر سرنخ ۳۰۰ هزار ریال است، کمتر از هدف؛ ادامه می‌دهیم.",
        audited="راهنمای دم کردن قهوه",
        gap="با اشتراک ماهانه چقدر صرفه‌جویی می‌کنم؟",
        idea="ماشین‌حساب صرفه‌جویی اشتراک",
        budget="240000000",
        sequence="بازگرداندن سبد خرید",
        message="هنوز در فکرش هستید؟ خریداران به {{product_name}} امتیاز ۴٫۸ از ۵ داده‌اند.",
        diagnosis="بازدیدکنندگان تازه هنوز به یک برشته‌کار ناشناس اعتماد نمی‌کنند.",
        guiding_policy="پیش از درخواست خرید، با دانش قهوه و نظر مشتریان اعتماد بسازیم.",
        action="راهنمای دم کردن و نظرات را در صدر بیاوریم",
        action_how="هر صفحه محصول نظرات خریداران و یک راهنمای کوتاه دم کردن دارد.",
    ),
    "ro": Words(
        owner="ioana",
        owner_email="ioana.marketing@example.ro",
        viewer="ștefan",
        viewer_email="stefan.director@example.ro",
        strategy="Planul de creștere 2027 al prăjitoriei",
        organisation="Prăjitoria Ștefănescu",
        industry="Comerț cu cafea de specialitate",
        currency="RON",
        persona="Ioana, pasionată de cafea",
        summary="Își prepară cafeaua acasă și vrea gustul de la cafenea.",
        location="Cluj-Napoca",
        job_title="Designeră de produs",
        income=("60000", "110000"),
        persona_goals=("Cafea ca la cafenea, în bucătăria ei", "Să înțeleagă de unde vin boabele"),
        challenges=("Boabele se învechesc până termină punga",),
        evidence="Sondaj cu 212 clienți în martie; 6 interviuri cu abonați.",
        personality="Un barista prietenos și priceput",
        sounds_like="Bunicul care știe tot despre cafea",
        guidelines="Cald, curios și de ajutor; niciodată snob când vine vorba de cafea.",
        use="proaspăt prăjită",
        avoid="ieftin",
        example="Boabele tale au fost prăjite luni: iată cum să le prepari.",
        business_goal="Creșterea vânzărilor online cu 20% în acest an",
        marketing_goal="Cu 50% mai multe lead-uri de pe site",
        metric="Lead-uri de pe site",
        unit="lead-uri pe lună",
        funnel={
            "Revenue now": "1200000",
            "Revenue target": "1440000",
            "Average order or deal value": "160",
            "Lead-to-customer rate (%)": "12",
            "Visitor-to-lead rate (%)": "20",
            "Leads now": "50000",
        },
        shop="Magazinul online",
        reviews="Recenzii Google",
        press="Revista de gastronomie",
        search_ads="Reclame în căutări",
        spend="46500",
        target_cost="20",
        why_it_works="Cumpărătorii compară prăjitoriile aici înainte să aleagă.",
        decision_reason="15 lei pe lead, sub țintă: continuăm așa.",
        audited="Ghid de preparare a cafelei la filtru",
        gap="Cât economisesc cu un abonament lunar?",
        idea="Calculator de economii pentru abonament",
        budget="12000",
        sequence="Recuperarea coșului abandonat",
        message="Încă te gândești? Cumpărătorii dau {{product_name}} nota 4,8 din 5.",
        diagnosis="Vizitatorii noi încă nu au încredere într-o prăjitorie necunoscută.",
        guiding_policy="Câștigăm încrederea prin expertiză și recenzii, apoi cerem vânzarea.",
        action="Ghidurile de preparare și recenziile, în prim-plan",
        action_how="Fiecare pagină de produs își arată recenziile și un ghid scurt de preparare.",
    ),
}
# A British marketer types the same words, in pounds.
WORDS["en-gb"] = replace(
    WORDS["en"],
    currency="GBP",
    location="London",
    decision_reason="£3 a lead, under the target: keep it.",
)


class Ui:
    """The interface's words in one language, as the catalogues give them."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, text, **params) -> str:
        with override(self.language):
            result = str(text) if isinstance(text, Promise) else gettext(text)
        return result % params if params else result

    def figure(self, format_function, *args) -> str:
        """A figure as the language writes it (``strategy_planner.numbers``)."""
        with override(self.language):
            return format_function(*args)

    def date(self, day: datetime.date, format_string: str = "SHORT_DATE_FORMAT") -> str:
        """A date as the language writes it (``calendars.format_date``), in its digits."""
        with override(self.language):
            return with_digits(format_date(day, format_string))

    def plural(self, singular: str, plural: str, number: int, **params) -> str:
        """A message about counts, each count written as the language writes numbers."""
        with override(self.language):
            shown = {
                name: format_count(value) if isinstance(value, int) else value
                for name, value in params.items()
            }
            return ngettext(singular, plural, number) % shown


def field(scope: Page | Locator, label: str) -> Locator:
    """The form control with exactly this label (a required field's label ends in *)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$", re.IGNORECASE))


def starting(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text))


def expect_isolated(scope: Locator, figure: str) -> None:
    """In right-to-left text a signed figure keeps its order: it is isolated left to
    right, between the Unicode isolates LRI (U+2066) and PDI (U+2069)."""
    expect(scope).to_contain_text(f"{LRI}{figure}{PDI}")


class Journey:
    """One person's browser in one language; the screenshots of a run share one numbering."""

    def __init__(self, page: Page, ui: Ui, base_url: str, numbers: Iterator[int]):
        self.page = page
        self.ui = ui
        self.base_url = base_url
        self.numbers = numbers

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"journey-{self.ui.language}-{next(self.numbers):02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def switch_language(self) -> None:
        page = self.page
        names = "|".join(re.escape(Ui(code)("Language")) for code in LANGUAGES)
        page.get_by_role("button", name=re.compile(f"^({names})$")).click()
        # English is offered as American and British English.
        code = READERS[self.ui.language].locale
        name = next(entry["name"] for entry in language_menu() if entry["code"] == code)
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", code)

    def sign_up(self, username: str, email: str) -> None:
        page, ui = self.page, self.ui
        page.goto(f"{self.base_url}/accounts/signup/")
        self.switch_language()
        field(page, ui("Display name")).fill(username)
        field(page, ui("username")).fill(username)
        field(page, ui("E-mail")).fill(email)
        field(page, ui("Password")).fill(PASSPHRASE)
        field(page, ui("Password confirmation")).fill(PASSPHRASE)
        page.get_by_role("main").get_by_role("button", name=ui("Sign up")).click()
        expect(page.get_by_role("heading", name=ui("My strategies"))).to_be_visible()

    def step_nav(self) -> Locator:
        # Wide steps fold the step list away; it is still there for assistive technology.
        return self.page.get_by_role(
            "navigation", name=self.ui("Wizard steps"), include_hidden=True
        )

    def next_step(self, slug: str) -> None:
        title = self.ui(step(slug).title)
        self.page.get_by_role("link", name=starting(f"{self.ui('Next')}: {title}")).click()
        heading = self.page.get_by_role("heading", level=2, name=re.compile(re.escape(title)))
        expect(heading).to_be_visible()

    def complete(self, slug: str, done: int, name: str | None = None, reload=False) -> None:
        """The step is marked complete in the step list and in its heading; take the
        step's picture. Changes made in place show in the heading, and for some steps in
        the list, once the page is loaded again (``reload``)."""
        if reload:
            self.page.reload()
        self.expect_marked_complete(slug, done)
        title = self.ui(step(slug).title)
        heading = self.page.get_by_role("heading", level=2, name=re.compile(re.escape(title)))
        expect(heading).to_contain_text(self.ui("Complete"))
        self.shot(name or slug)

    def expect_marked_complete(self, slug: str, done: int) -> None:
        ui = self.ui
        nav = self.step_nav()
        item = nav.get_by_role("listitem", include_hidden=True).filter(
            has=self.page.get_by_role(
                "link", name=ui(step(slug).title), exact=True, include_hidden=True
            )
        )
        expect(item).to_contain_text(ui("(complete)"))
        expect(nav).to_contain_text(
            ui.plural(
                "%(done)s of %(total)s step complete",
                "%(done)s of %(total)s steps complete",
                len(STEPS),
                done=done,
                total=len(STEPS),
            )
        )


def step(slug: str):
    return next(s for s in STEPS if s.slug == slug)


def add_list_items(page: Page, group_label: str, add_label: str, items) -> None:
    group = page.get_by_role("group", name=group_label, exact=True)
    group.get_by_role("button", name=f"+ {add_label}", exact=True).click()
    for number, item in enumerate(items):
        if number:
            page.keyboard.press("Enter")  # Enter starts the next item
        page.keyboard.type(item)
    expect(group.get_by_role("textbox")).to_have_count(len(items))


def check_the_calendar(journey: Journey, reader: Reader, title: str, day: datetime.date) -> None:
    """The content calendar of the month of ``day``, as the reader reads it: its title,
    the weekdays named in their language from the first day of their week, and the
    piece ``title`` on its day, under its weekday."""
    page, ui = journey.page, journey.ui
    page.get_by_role("link", name=ui("Calendar"), exact=True).click()
    # It opens on this month or the horizon's first; a month's link is ?month=YYYY-MM.
    page.goto(f"{page.url.split('?')[0]}?month={day:%Y-%m}")
    month = ui.date(day, "F Y")
    expect(page.get_by_role("heading", level=3, name=month, exact=True)).to_be_visible()
    grid = page.get_by_role("table", name=month, exact=True)
    expect(grid.get_by_role("columnheader")).to_have_text(list(reader.week))
    first_day = grid.get_by_role("cell").first.locator("time").get_attribute("datetime")
    assert datetime.date.fromisoformat(first_day).weekday() == reader.first_weekday

    cell = grid.get_by_role("cell").filter(has=page.locator(f'time[datetime="{day}"]'))
    expect(cell.locator("time")).to_have_text(ui.date(day, "j"))
    expect(cell.get_by_role("link", name=title, exact=True)).to_be_visible()
    assert cell.evaluate("td => td.cellIndex") == (day.weekday() - reader.first_weekday) % 7
    published = ui.plural(
        "%(counter)s piece published this month",
        "%(counter)s pieces published this month",
        1,
        counter=1,
    )
    expect(page.get_by_text(published, exact=True)).to_be_visible()
    journey.shot("content-calendar")


def pdf_text(path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_whole_journey(language, page, new_context, live_server):
    ui = Ui(language)
    words = WORDS[language]
    reader = READERS[language]
    numbers = itertools.count(1)
    owner = Journey(page, ui, live_server.url, numbers)

    # Sign up and create the strategy, in the language chosen from the menu.
    owner.sign_up(words.owner, words.owner_email)
    if language == "fa":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_text(ui("No strategies yet"))).to_be_visible()
    owner.shot("dashboard")

    page.get_by_role("link", name=ui("Create a strategy")).click()
    field(page, ui("strategy name")).fill(words.strategy)
    field(page, ui("organisation")).fill(words.organisation)
    field(page, ui("industry")).fill(words.industry)
    field(page, ui("start of the planning horizon")).fill(HORIZON[0].isoformat())
    field(page, ui("end of the planning horizon")).fill(HORIZON[1].isoformat())
    # The form starts in the reader's language and their locale's currency.
    document_language = ui(reader.document_language)
    expect(field(page, ui("document language")).locator("option:checked")).to_have_text(
        document_language
    )
    expect(field(page, ui("currency"))).to_have_value(reader.currency)
    field(page, ui("document language")).select_option(label=document_language)
    field(page, ui("currency")).select_option(words.currency)
    page.get_by_role("button", name=ui("Create strategy")).click()
    expect(page.get_by_role("heading", level=1, name=words.strategy)).to_be_visible()
    # The header: the organisation and the horizon's dates as the reader writes dates.
    expect(page.get_by_text(starting(f"{words.organisation} · "))).to_have_text(
        f"{words.organisation} · {reader.horizon}"
    )
    owner.shot("overview")

    # 1. Basics
    # the basics are complete already, so the overview points at the personas
    expect(
        page.get_by_role(
            "link", name=ui("Continue with: %(step)s") % {"step": ui("Buyer personas")}
        )
    ).to_be_visible()
    page.goto(page.url.split("?")[0].rstrip("/") + "/basics/")
    expect(field(page, ui("strategy name"))).to_have_value(words.strategy)
    field(page, ui("price point")).select_option(
        label=ui("High-ticket (considered, high-value purchases)")
    )
    page.get_by_role("main").get_by_role("button", name=ui("Save"), exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=ui("Saved."))).to_be_visible()
    owner.complete("basics", 1)

    # 2. Personas and the brand voice
    owner.next_step("personas")
    page.get_by_role("link", name=ui("Add a persona")).click()
    field(page, ui("name")).fill(words.persona)
    field(page, ui("summary")).fill(words.summary)
    field(page, ui("location")).fill(words.location)
    field(page, ui("age from")).fill("28")
    field(page, ui("age to")).fill("45")
    field(page, f"{ui('yearly income from')} ({words.currency})").fill(words.income[0])
    field(page, f"{ui('yearly income to')} ({words.currency})").fill(words.income[1])
    field(page, ui("job title")).fill(words.job_title)
    add_list_items(page, ui("Goals"), ui("Add"), words.persona_goals)
    add_list_items(page, ui("Challenges"), ui("Add"), words.challenges)
    field(page, ui("Survey")).check()
    field(page, ui("Interviews")).check()
    field(page, ui("note on the evidence")).fill(words.evidence)
    page.get_by_role("button", name=ui("Save persona")).click()
    card = page.get_by_role("article", name=words.persona)
    expect(card).to_contain_text(words.persona_goals[1])
    expect(card).to_contain_text(ui.figure(format_range, 28, 45))

    page.get_by_role("link", name=ui("Describe the brand voice")).click()
    field(page, ui("personality")).fill(words.personality)
    field(page, ui("sounds like")).fill(words.sounds_like)
    field(page, ui("guidelines")).fill(words.guidelines)
    add_list_items(page, ui("Words and phrases to use"), ui("Add"), [words.use])
    add_list_items(page, ui("Words and phrases to avoid"), ui("Add"), [words.avoid])
    field(page, ui("example message")).fill(words.example)
    page.get_by_role("button", name=ui("Save the brand voice")).click()
    voice = page.get_by_role("region", name=ui("Brand voice"))
    expect(voice).to_contain_text(words.personality)
    expect(voice).to_contain_text(words.avoid)
    owner.complete("personas", 2)

    # 3. Goals, one typed in and one from the funnel calculator
    owner.next_step("goals")
    page.get_by_text(ui("Add a goal"), exact=True).click()
    field(page, ui("business goal")).fill(words.business_goal)
    field(page, ui("marketing goal")).fill(words.marketing_goal)
    field(page, ui("metric")).fill(words.metric)
    field(page, ui("baseline")).fill("400")
    field(page, ui("target")).fill("600")
    field(page, ui("unit")).fill(words.unit)
    field(page, ui("deadline")).fill("2027-09-30")
    field(page, ui("measured with")).select_option(label=ui("CRM"))
    field(page, words.persona).check()
    page.get_by_role("button", name=ui("Add goal")).click()
    goal_row = page.get_by_role("row", name=re.compile(re.escape(words.marketing_goal)))
    expect(goal_row).to_contain_text(ui.figure(format_change, 50))
    expect(goal_row).to_contain_text(words.persona)
    if language == "fa":
        expect_isolated(goal_row, "+٪۵۰")

    for label, figure in words.funnel.items():
        field(page, ui(label)).fill(figure)
    page.get_by_role("button", name=ui("Calculate")).click()
    expect(page.locator("[data-funnel=leads-change]")).to_have_text(ui.figure(format_change, 50))
    page.get_by_role("button", name=ui("Save as a goal")).click()
    saved = ui("Saved the funnel as a goal: %(goal)s", goal="")
    expect(page.get_by_role("alert").filter(has_text=saved.strip())).to_be_visible()
    owner.complete("goals", 3)

    # 4. The channel inventory: owned, earned and paid media with their figures
    owner.next_step("inventory")
    field(page, ui("audit period from")).fill("2026-01-01")
    field(page, ui("audit period to")).fill("2026-12-31")
    page.get_by_role("button", name=ui("Save the audit period")).click()
    expect(page.get_by_role("alert").filter(has_text=ui("Audit period saved."))).to_be_visible()
    assets = [
        # name, media, kind, platform, visits, leads, conversions, spend
        (words.shop, "Owned", "Website", None, "210000", "31000", "6100", None),
        (words.reviews, "Earned", "Reviews", None, "12000", "2600", "610", None),
        (words.press, "Earned", "Press coverage", None, "4200", "3400", "95", None),
        (words.search_ads, "Paid", "Search ads", "Google Ads", "22000", "3100", "700", words.spend),
    ]
    for name, media, kind, platform, visits, leads, conversions, spend in assets:
        page.get_by_text(ui("Add an asset or channel"), exact=True).click()
        field(page, ui("name")).fill(name)
        field(page, ui("media type")).select_option(label=ui(media))
        field(page, ui("kind")).select_option(label=ui(kind))
        if platform:
            field(page, ui("platform")).select_option(label=ui(platform))
        field(page, ui("visits")).fill(visits)
        field(page, ui("leads")).fill(leads)
        field(page, ui("conversions")).fill(conversions)
        if spend:
            field(page, f"{ui('spend')} ({words.currency})").fill(spend)
        page.get_by_role("button", name=ui("Add"), exact=True).click()
        expect(page.get_by_role("row", name=re.compile(re.escape(name)))).to_be_visible()
    owner.expect_marked_complete("inventory", 4)  # the step list changes in place
    owner.complete("inventory", 4, reload=True)

    # 5. Owned media: audit, gap, plan, and a message sequence
    owner.next_step("content")
    page.get_by_text(ui("Add existing content"), exact=True).click()
    field(page, ui("title")).fill(words.audited)
    field(page, ui("format")).select_option(label=ui("Blog post"))
    field(page, ui("persona")).select_option(label=words.persona)
    field(page, ui("views")).fill("41000")
    field(page, ui("leads")).fill("290")
    field(page, ui("verdict")).select_option(label=ui("Keep"))
    page.get_by_role("button", name=ui("Add to the audit")).click()
    expect(page.get_by_role("row", name=re.compile(re.escape(words.audited)))).to_be_visible()
    owner.shot("content-audit")

    page.get_by_role("link", name=ui("Content gaps")).click()
    page.get_by_text(ui("Record a gap"), exact=True).click()
    field(page, ui("persona")).select_option(label=words.persona)
    field(page, ui("funnel stage")).select_option(label=ui("Consideration"))
    field(page, ui("unanswered question or problem")).fill(words.gap)
    field(page, ui("idea")).fill(words.idea)
    page.get_by_role("button", name=ui("Record the gap")).click()
    expect(page.get_by_role("listitem").filter(has_text=words.gap)).to_be_visible()
    owner.shot("content-gaps")

    page.get_by_role("button", name=starting(ui("Plan a piece for it"))).click()
    expect(field(page, ui("title"))).to_have_value(words.idea)
    field(page, words.shop).check()  # a promotion channel
    field(page, ui("priority")).select_option(label=ui("High"))
    field(page, ui("status")).select_option(label=ui("Planned"))
    field(page, ui("Outsourced")).check()
    field(page, f"{ui('budget')} ({words.currency})").fill(words.budget)
    field(page, ui("due date")).fill(DUE.isoformat())
    field(page, ui("publish date")).fill(PUBLISH.isoformat())
    page.get_by_role("main").get_by_role("button", name=ui("Save"), exact=True).click()
    planned = page.get_by_role("row", name=re.compile(re.escape(words.idea)))
    expect(planned).to_contain_text(ui("Planned"))
    expect(planned).to_contain_text(words.shop)
    expect(planned).to_contain_text(ui.figure(format_money, words.budget, words.currency))
    expect(planned).to_contain_text(ui.date(DUE))
    expect(planned).to_contain_text(ui.date(PUBLISH))
    owner.complete("content", 5, "content-plan")
    check_the_calendar(owner, reader, words.idea, PUBLISH)

    page.get_by_role("link", name=ui("Message sequences")).click()
    field(page, ui("name")).fill(words.sequence)
    field(page, ui("trigger")).select_option(label=ui("Abandoned cart"))
    field(page, ui("persona")).select_option(label=words.persona)
    page.get_by_role("button", name=ui("Create the sequence")).click()
    expect(page.get_by_role("heading", level=3, name=starting(words.sequence))).to_be_visible()
    # a step's delay: its sign beside its figure, isolated in right-to-left text
    step_edit = re.compile(rf"^{re.escape(ui('Edit'))} \u2066?\+")
    expect(page.get_by_role("link", name=step_edit)).to_have_count(3)
    # The template's messages meet their channel's rules, in this language too.
    expect(page.locator("[data-severity=error]")).to_have_count(0)
    expect(page.get_by_text(ui("draft with errors"))).to_have_count(0)

    page.get_by_role("link", name=starting(f"{ui('Edit')} {ui.figure(format_delay, 480)}")).click()
    text = field(page, ui("text"))
    # Far too long for Messenger: the checks say so as it is typed.
    text.fill(" ".join([words.message, *[words.example] * 12]))
    expect(page.locator("[data-code=text_length]")).to_be_visible()
    owner.shot("sequence-editor")
    text.fill(words.message)
    expect(page.locator("[data-severity=error]")).to_have_count(0)
    lock_screen = page.get_by_role("group", name=ui("Lock-screen notification"))
    expect(lock_screen).to_contain_text(words.message[:20])
    # Leaving the field checks it once more; let that check finish before saving, as the
    # in-memory test database cannot read and write the same table at once.
    with page.expect_response(re.compile(r"/check/$")):
        text.blur()
    page.get_by_role("main").get_by_role("button", name=ui("Save"), exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=ui("Message saved."))).to_be_visible()
    expect(page.get_by_text(words.message)).to_be_visible()
    owner.complete("content", 5, "sequence")

    # 6. Earned media, ranked against the goal
    owner.next_step("earned")
    field(page, ui("goal to rank earned media against")).select_option(label=words.marketing_goal)
    field(page, ui("rank by")).select_option(label=ui("Leads"))
    page.get_by_role("button", name=ui("Rank by the numbers")).click()
    ranked = (
        page.get_by_role("main")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", level=3))
    )
    expect(ranked.first).to_contain_text(words.press)  # most leads first
    page.get_by_role("button", name=ui("Move %(name)s up", name=words.reviews)).click()
    expect(ranked.first).to_contain_text(words.reviews)  # judgment beats the numbers
    field(page, ui("Why it works")).first.fill(words.why_it_works)
    page.get_by_role("main").get_by_role("button", name=ui("Save"), exact=True).first.click()
    expect(page.get_by_role("status").filter(has_text=ui("Saved."))).to_be_visible()
    owner.complete("earned", 6)

    # 7. Paid media: a decision with its reason
    owner.next_step("paid")
    field(page, f"{ui('target cost per lead')} ({words.currency})").fill(words.target_cost)
    page.get_by_role("button", name=ui("Save the target")).click()
    row = page.get_by_role("row", name=re.compile(re.escape(words.search_ads)))
    field(row, ui("Decision on %(name)s", name=words.search_ads)).select_option(label=ui("Keep"))
    field(row, ui("Reason for the decision on %(name)s", name=words.search_ads)).fill(
        words.decision_reason
    )
    row.get_by_role("button", name=ui("Save"), exact=True).click()
    expect(row.get_by_role("status")).to_have_text(ui("Saved."))
    owner.complete("paid", 7, reload=True)  # the decision does not refresh the step list

    # 8. Consolidate: diagnosis, guiding policy and a coherent action
    owner.next_step("consolidate")
    field(page, ui("diagnosis")).fill(words.diagnosis)
    field(page, ui("guiding policy")).fill(words.guiding_policy)
    page.get_by_role("main").get_by_role("button", name=ui("Save"), exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=ui("Saved."))).to_be_visible()
    page.get_by_role("link", name=ui("Add an action")).click()
    field(page, ui("action")).fill(words.action)
    field(page, ui("how")).fill(words.action_how)
    field(page, words.marketing_goal).check()
    field(page.get_by_role("group", name=ui("content pieces")), words.idea).check()
    field(page, words.sequence).check()
    field(page.get_by_role("group", name=ui("channel decisions")), words.search_ads).check()
    page.get_by_role("main").get_by_role("button", name=ui("Save"), exact=True).click()
    actions = page.get_by_role("region", name=ui("Coherent actions"))
    action = actions.get_by_role("listitem").filter(has_text=words.action)
    expect(action).to_contain_text(words.marketing_goal)
    expect(action).to_contain_text(words.sequence)
    owner.complete("consolidate", 8)

    page.get_by_role("link", name=words.strategy, exact=True).click()
    expect(owner.step_nav()).to_contain_text(
        ui.plural(
            "%(done)s of %(total)s step complete",
            "%(done)s of %(total)s steps complete",
            len(STEPS),
            done=len(STEPS),
            total=len(STEPS),
        )
    )
    owner.shot("overview-complete")

    # A colleague signs up in a browser of their own and is invited as a viewer.
    viewer_page = new_context().new_page()
    viewer = Journey(viewer_page, ui, live_server.url, numbers)
    viewer.sign_up(words.viewer, words.viewer_email)

    page.get_by_role("link", name=ui("Team"), exact=True).click()
    field(page, ui("Username or e-mail")).fill(words.viewer_email)
    field(page, ui("Role")).select_option(label=ui("Viewer"))
    page.get_by_role("button", name=ui("Add member")).click()
    expect(page.get_by_role("row", name=re.compile(re.escape(words.viewer)))).to_be_visible()
    owner.shot("team")

    # The viewer reads the strategy: no edit controls anywhere they look.
    viewer_page.reload()
    shared = viewer_page.get_by_role("row", name=re.compile(re.escape(words.strategy)))
    expect(shared).to_contain_text(ui("Viewer"))
    # The dashboard sets each name apart from the text around it (FSI…PDI).
    shared.get_by_role("link", name=f"{FSI}{words.strategy}{PDI}", exact=True).click()
    if language == "fa":
        expect(viewer_page.locator("html")).to_have_attribute("dir", "rtl")
    expect(viewer_page.get_by_title(ui("Your role"))).to_have_text(ui("Viewer"))
    expect(viewer_page.get_by_role("link", name=ui("Delete strategy"))).to_have_count(0)
    viewer_page.get_by_role("link", name=ui(step("basics").title), exact=True).click()
    expect(
        viewer_page.get_by_text(ui("You can read this strategy but not change it."))
    ).to_be_visible()
    expect(viewer_page.get_by_role("main").get_by_role("textbox")).to_have_count(0)
    viewer.shot("viewer-basics")
    viewer_page.get_by_role("link", name=ui(step("personas").title), exact=True).click()
    expect(viewer_page.get_by_role("article", name=words.persona)).to_be_visible()
    expect(viewer_page.get_by_role("link", name=ui("Add a persona"))).to_have_count(0)
    expect(viewer_page.get_by_role("main").get_by_role("button")).to_have_count(0)

    viewer_page.get_by_role("link", name=ui("Document"), exact=True).click()
    expect(viewer_page.get_by_role("main")).to_contain_text(words.diagnosis)
    viewer.shot("document")

    # The PDF: straight away when it is ready, or after the progress page starts it.
    with viewer_page.expect_download(timeout=90_000) as download:
        viewer_page.get_by_role("link", name=ui("Download PDF (A4)")).click()
    pdf = ARTIFACTS / f"journey-{language}-document.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename.endswith(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    if language == "fa":  # pdftotext may give right-to-left words back in another order
        for word in words.strategy.split():
            assert word in text, word
    else:
        assert words.strategy in text

    with viewer_page.expect_download() as download:
        viewer_page.get_by_role("link", name=ui("Workbook (.xlsx)")).click()
    workbook_path = ARTIFACTS / f"journey-{language}-workbook.xlsx"
    download.value.save_as(workbook_path)
    workbook = openpyxl.load_workbook(workbook_path, read_only=True)
    plan = workbook[ui("Content plan")[:31]]
    cells = {str(cell) for row in plan.iter_rows(values_only=True) for cell in row if cell}
    assert words.idea in cells
