"""Hostile text in every text field of a strategy comes out as text everywhere.

A corpus of XSS, template-injection, formula-injection, path/URL and
control-character payloads is typed into every text field of every model
behind the strategy's forms (through the ORM for breadth, and through the real
forms for a few). Then every page of the strategy, the share link's page, the
PDF, both workbooks and the calendar feed are read back: nothing becomes
markup, a template, a formula or a new calendar property, and the PDF renderer
asks for nothing at all.
"""

import datetime
import io
import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from unittest import mock

import openpyxl
import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse
from icalendar import Calendar

from assets.forms import AssetForm
from assets.models import KINDS_BY_MEDIA_TYPE, Asset, MediaType
from budget.models import BudgetLine, BudgetMonth, LineKind
from comments.models import Comment, Thread
from content_plan.forms import ContentPieceForm, StepForm
from content_plan.models import (
    AuditedPiece,
    CalendarFeed,
    ContentGap,
    ContentPiece,
    MessageSequence,
    SequenceStep,
)
from personas.forms import PersonaForm
from personas.models import BrandVoice, BuyerPersona
from report import pdf as pdf_module
from report.document import build_document
from report.forms import KernelForm
from report.models import CoherentAction, ShareLink
from report.pdf import RefusedFetch, render_pdf, render_strategy_pdf
from report.xlsx import safe_text, strategy_workbook
from results.models import CheckIn, CheckInValue
from strategy_planner.forms import StrategyForm
from strategy_planner.models import Edit, Goal, Profile, Strategy
from tests.conftest import needs_commands
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BuyerPersonaFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
    MembershipFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
    StrategyFactory,
    UserFactory,
)
from tests.strategy_planner.test_access import DELETED_ROUTES, ISOLATED, ROUTES, parameters
from versions.models import Version

# Every test, so that the test database is set up before the module's shared data.
pytestmark = pytest.mark.django_db

# What a spreadsheet may take for the start of a formula (OWASP, "CSV Injection"):
# written out here, not read from the code under test.
FORMULA_STARTS = ("=", "+", "-", "@")
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<link rel=stylesheet href=//127.0.0.1:9/x.css>",
    '<img src="file:///etc/passwd">',
    "@import url(http://127.0.0.1:9/x.css);",
    "{{ 7*7 }}",
    '{{ "injected"|upper }}',
    "{% debug %}",
    "${7*7}",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "../../etc/passwd",
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "javascript:alert(1)",
    "Launch\r\nATTENDEE:mailto:evil@example.com",
    "Line\u2028ATTENDEE:mailto:evil@example.com",
    "abc\u202etxt.exe",
    "bell\x07escape\x1b[2J",
]
# What the URL fields accept (the forms refuse javascript:, file: and the like; see
# test_the_forms_refuse_urls_that_are_not_web_addresses): still hostile inside.
URL_PAYLOADS = [
    "http://127.0.0.1:9/x",
    'https://evil.example/?q="><script>alert(1)</script>',
    'https://evil.example/{{ "injected"|upper }}',
    "https://evil.example/x'onmouseover='alert(1)",
]
# What one of the payloads would read if a template engine evaluated it.
EVALUATED = "INJECTED"
# pdftotext cannot be expected to give these back as typed (bidi reordering,
# control characters); they only have to do no harm.
UNPRINTABLE = {"abc\u202etxt.exe", "bell\x07escape\x1b[2J"}
# JSON fields that hold lists of the user's text, and those that hold no text of theirs.
LIST_FIELDS = {
    BuyerPersona: ("goals", "challenges", "interests", "priorities"),
    BrandVoice: ("words_to_use", "words_to_avoid"),
    SequenceStep: ("buttons",),
}
# A check-in import's saved mapping ("signature", "columns", "choices") holds a CSV
# file's column names, never typed into a page; the hostile CSV headers are
# tests/results/test_import_mapping.py's. An activity log entry's "fields" are
# the names of the fields edited (filled below all the same). A document's brand
# "colour" is kept only as #rrggbb: the hostile ones are tests/report/test_brand.py's.
NOT_TYPED = {"token", "sources", "template", "signature", "columns", "choices", "fields", "colour"}
MODELS = (
    Strategy,
    BuyerPersona,
    BrandVoice,
    Goal,
    CoherentAction,
    Asset,
    AuditedPiece,
    ContentGap,
    ContentPiece,
    MessageSequence,
    SequenceStep,
    ShareLink,
    BudgetLine,
    CheckIn,
    Comment,
    Profile,
    Edit,
)
N = len(PAYLOADS)
OUR_APPS = {
    "strategy_planner",
    "personas",
    "assets",
    "content_plan",
    "budget",
    "results",
    "report",
    "starters",
    "comments",
}
# Edit forms read for every object, so that every payload sits in every kind of
# input (text, URL, textarea, list, buttons) once; other pages for one object.
EVERY_OBJECT = {"personas:edit", "assets:edit", "content_plan:piece_edit", "content_plan:step_edit"}
START = datetime.date(2027, 1, 4)


def typed_fields(model) -> list[models.Field]:
    """The fields a user types text into (choice fields excluded)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in NOT_TYPED
    ]


def texts(model, j: int) -> dict:
    """Object j's text fields, every field with a different payload, every payload
    in every field over the N objects of a model."""
    values = {}
    for i, f in enumerate(typed_fields(model)):
        pool = URL_PAYLOADS if isinstance(f, models.URLField) else PAYLOADS
        value = pool[(i + j) % len(pool)]
        assert f.max_length is None or len(value) <= f.max_length, (model, f.name)
        values[f.name] = value
    return values


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Filled:
    strategy: Strategy
    owner: object
    args: list[dict]
    share: ShareLink
    feed: CalendarFeed


def fill(strategy, owner, member) -> list[dict]:
    """N of everything, payloads in every text field; the URL arguments of object j."""
    BrandVoice.objects.create(
        strategy=strategy,
        **texts(BrandVoice, 0),
        words_to_use=PAYLOADS,
        words_to_avoid=PAYLOADS[::-1],
    )
    media_types = [MediaType.OWNED, MediaType.EARNED, MediaType.PAID]
    args = []
    for j in range(N):
        later = PAYLOADS[(j + 1) % N]
        persona = BuyerPersonaFactory(
            strategy=strategy,
            **texts(BuyerPersona, j),
            **{name: [PAYLOADS[j], later] for name in LIST_FIELDS[BuyerPersona]},
        )
        goal = GoalFactory(strategy=strategy, **texts(Goal, j))
        goal.personas.add(persona)
        media = media_types[j % 3]
        asset = AssetFactory(
            strategy=strategy,
            media_type=media,
            kind=KINDS_BY_MEDIA_TYPE[media][0],
            owner=member,
            leads=10 + j,
            spend=100 if media == MediaType.PAID else None,
            decision="keep",
            **texts(Asset, j),
        )
        asset.goals.add(goal)
        audited = AuditedPieceFactory(
            strategy=strategy, persona=persona, goal=goal, **texts(AuditedPiece, j)
        )
        gap = ContentGapFactory(strategy=strategy, persona=persona, **texts(ContentGap, j))
        piece = ContentPieceFactory(
            strategy=strategy,
            persona=persona,
            goal=goal,
            gap=gap,
            owner=member,
            budget=50,
            publish_date=START + datetime.timedelta(days=7 * j),
            **texts(ContentPiece, j),
        )
        piece.promotion_channels.add(asset)
        sequence = MessageSequenceFactory(
            strategy=strategy, persona=persona, goal=goal, **texts(MessageSequence, j)
        )
        step = SequenceStepFactory(
            sequence=sequence,
            channel=("messenger", "email", "whatsapp", "sms")[j % 4],
            buttons=[
                {"title": PAYLOADS[j], "type": "reply"},
                {"title": later, "type": "link", "url": URL_PAYLOADS[j % len(URL_PAYLOADS)]},
            ],
            **texts(SequenceStep, j),
        )
        action = CoherentAction.objects.create(strategy=strategy, **texts(CoherentAction, j))
        action.goals.add(goal)
        action.content_pieces.add(piece)
        action.sequences.add(sequence)
        action.channels.add(asset)
        link = ShareLink.objects.create(strategy=strategy, created_by=owner, **texts(ShareLink, j))
        thread = Thread.objects.create(strategy=strategy, kind="persona", persona=persona)
        comment = Comment.objects.create(thread=thread, author=owner, **texts(Comment, j))
        # A log entry's name is a row's name as it was; its kind a model's label,
        # its fields their names, none of them typed, but shown.
        Edit.objects.create(
            strategy=strategy,
            user=member,
            verb=Edit.Verb.CHANGED,
            fields=["name", PAYLOADS[j]],
            **texts(Edit, j),
        )
        line = BudgetLine.objects.create(
            strategy=strategy,
            position=j + 1,
            kind=LineKind.OTHER,
            media_type=media,
            **texts(BudgetLine, j),
        )
        BudgetMonth.objects.create(line=line, month=START.replace(day=1), planned=120, actual=90)
        # One check-in a month: the horizon's twelve months hold every payload between them.
        check_in = None
        if j < 12:
            check_in = CheckIn.objects.create(
                strategy=strategy,
                month=datetime.date(strategy.start_date.year, j + 1, 1),
                note="\n".join(PAYLOADS[j::12]),
            )
            CheckInValue.objects.create(check_in=check_in, goal=goal, actual=100 + j)
        args.append(
            {
                "strategy_uuid": strategy.uuid,
                "member_id": strategy.memberships.get(user=member).pk,
                "persona_id": persona.pk,
                "goal_id": goal.pk,
                "asset_id": asset.pk,
                "audited_id": audited.pk,
                "gap_id": gap.pk,
                "piece_id": piece.pk,
                "sequence_id": sequence.pk,
                "step_id": step.pk,
                "action_id": action.pk,
                "link_id": link.pk,
                "target": f"persona-{persona.pk}",
                "thread_id": thread.pk,
                "comment_id": comment.pk,
                "line_id": line.pk,
                "check_in_id": check_in.pk if check_in else None,
            }
        )
    return args


# Typed into the real forms, so that the forms' cleaning is in the path too:
# (URL name, the form as its page shows it, what is typed over its initial values).
FORM_POSTS = [
    (
        "strategy_planner:basics",
        lambda strategy: StrategyForm(instance=strategy),
        {
            "name": "<script>alert(1)</script> {{ 7*7 }}",
            "organisation": '"><img src=x onerror=alert(1)>',
            "industry": '=HYPERLINK("http://evil.example","x")',
        },
    ),
    (
        "report:consolidate",
        lambda strategy: KernelForm(instance=strategy, prefix="kernel"),
        {
            "diagnosis": "{% debug %}\r\n<script>alert(1)</script>",
            "guiding_policy": "+cmd|' /C calc'!A0",
        },
    ),
    (
        "personas:create",
        lambda strategy: PersonaForm(strategy=strategy),
        {
            "name": "Posted </textarea><script>alert(1)</script>",
            "location": "${7*7}",
            "job_title": "@SUM(1+1)",
            "goals": '<script>alert(1)</script>\r\n=1+1\r\n{{ "injected"|upper }}',
            "challenges": "'><svg onload=alert(1)>",
            "sources": ["survey"],
            "evidence_note": "../../etc/passwd",
        },
    ),
    (
        "assets:inventory",
        lambda strategy: AssetForm(strategy=strategy, prefix="new"),
        {
            "name": "Posted -2+3",
            "media_type": "owned",
            "kind": "website",
            "url": 'https://evil.example/?q="><script>alert(1)</script>',
            "notes": "<img src=x onerror=alert(1)>",
        },
    ),
    (
        "content_plan:piece_create",
        lambda strategy: ContentPieceForm(strategy=strategy),
        {
            "title": "Posted\r\nATTENDEE:mailto:evil@example.com",
            "publish_date": "2027-06-01",
            "reason": "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected",
        },
    ),
]


def typed_over(form, typed: dict) -> dict:
    """The form's own initial values (what a browser would send back, each field's
    starting value in its hidden twin too), with ``typed`` typed over them."""
    data = {}
    for name, field in form.fields.items():
        value = typed[name] if name in typed else form[name].value()
        if value is not None:
            data[form.add_prefix(name)] = value
        if field.show_hidden_initial and form[name].value() is not None:
            data[form.add_initial_prefix(name)] = form[name].value()
    return data


def post_forms(client: Client, filled: Filled):
    for name, form, typed in FORM_POSTS:
        url = reverse(name, args=[filled.strategy.uuid])
        strategy = Strategy.objects.get(pk=filled.strategy.pk)  # as the page shows it now
        response = client.post(url, typed_over(form(strategy), typed))
        assert response.status_code == 302, (name, response.content[:2000])
    sequence = MessageSequence.objects.get(pk=filled.args[0]["sequence_id"])
    url = reverse("content_plan:step_create", args=[filled.strategy.uuid, sequence.pk])
    typed = {
        "channel": "messenger",
        "delay_minutes": 60,
        "text": "Posted {{ 7*7 }} <b>bold</b>",
        "buttons": "=1+1 | reply\r\n<i>x</i> | https://evil.example/?q=<script>",
    }
    response = client.post(
        url, typed_over(StepForm(instance=SequenceStep(sequence=sequence)), typed)
    )
    assert response.status_code == 302, response.content[:2000]


class Inspector(HTMLParser):
    """Everything in a page that would run, load or navigate somewhere it should not."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}
    FETCHING_CSS = re.compile(r"@import|url\(\s*['\"]?(?!data:|#)|expression\(", re.IGNORECASE)

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.in_script = self.in_style = False
        self.fields: dict[str, list[str]] = {}  # form field name -> the values it shows
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and values.get("type") not in ("hidden", "checkbox", "radio"):
            self.fields.setdefault(values.get("name"), []).append(values.get("value") or "")
        if tag == "textarea":
            self.textarea = values.get("name")
            self.fields.setdefault(self.textarea, []).append("")
        for name, value in attrs:
            value = value or ""
            self.text.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and self.FETCHING_CSS.search(value):
                self.problems.append(f"<{tag} style={value!r}>")
            squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
            if name in self.URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "vbscript:", "file:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        self.in_style = tag == "style"
        if tag == "script":
            self.in_script = True
            if not (values.get("src") or "").startswith("/static/"):
                self.problems.append(f"<script src={values.get('src')!r}>")
        elif tag == "link" and not (values.get("href") or "").startswith("/static/"):
            self.problems.append(f"<link href={values.get('href')!r}>")
        elif tag in ("img", "image") and not (values.get("src") or "").startswith(
            ("/static/", "data:image/")
        ):
            self.problems.append(f"<{tag} src={values.get('src')!r}>")
        elif tag in ("iframe", "object", "embed", "base", "frame"):
            self.problems.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag):
        self.in_script = self.in_style = False
        self.textarea = None

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script {data[:80]!r}")
        if self.in_style and self.FETCHING_CSS.search(data):
            self.problems.append(f"style that fetches {data[:80]!r}")
        if self.textarea:
            self.fields[self.textarea][-1] += data
        self.text.append(data)


def inspect_html(content: bytes) -> Inspector:
    inspector = Inspector()
    inspector.feed(content.decode())
    inspector.close()
    return inspector


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@dataclass
class Answers:
    filled: Filled
    pages: dict  # (url name, j, htmx) -> response
    fetched: list
    pdf: bytes

    @cached_property
    def html(self) -> dict:
        """Every page that answered with HTML, inspected."""
        return {
            key: inspect_html(response.content)
            for key, response in self.pages.items()
            if response.status_code == 200 and response["Content-Type"].startswith("text/html")
        }

    def text(self, *keys) -> str:
        return squeeze("".join("".join(self.html[key].text) for key in keys))


@pytest.fixture(scope="module")
def answers(django_db_setup, django_db_blocker):
    """The filled strategy and everything it answers with, read once for the module
    (in a transaction rolled back at its end)."""
    fetched = []

    def record(url, *args, **kwargs):
        fetched.append(url)
        raise RefusedFetch(url)

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(**ISOLATED),
        mock.patch.object(pdf_module, "refuse_everything", record),
    ):
        owner = UserFactory(username="payload-owner")
        # Usernames are shown and exported too; this one looks like a formula.
        member = UserFactory(username="-2+3")
        strategy = StrategyFactory(**texts(Strategy, 0), business_model="b2b")
        MembershipFactory(strategy=strategy, user=owner, role="owner")
        MembershipFactory(strategy=strategy, user=member, role="editor")
        # People are shown by their display names: one a formula, one markup.
        Profile.objects.create(user=member, **texts(Profile, 11))
        Profile.objects.create(user=owner, **texts(Profile, 0))
        filled = Filled(
            strategy=strategy,
            owner=owner,
            args=fill(strategy, owner, member),
            share=ShareLink.objects.create(strategy=strategy, label="{{ 7*7 }}"),
            feed=CalendarFeed.objects.create(strategy=strategy, user=owner),
        )
        client = Client()
        client.force_login(owner)
        post_forms(client, filled)
        strategy.refresh_from_db()
        job = render_strategy_pdf.enqueue(strategy.pk, "a4").id
        # A published version, named with a payload: its pages show the frozen copy.
        version = Version.publish(strategy, owner, PAYLOADS[3][:100])
        version.render_pdf()  # as the worker would, before anyone asks for it
        pages = {}
        for name in sorted(ROUTES):
            if "strategy_uuid" not in parameters(name) or name in DELETED_ROUTES:
                continue
            for j in range(N) if name in EVERY_OBJECT else [0]:
                values = {
                    **filled.args[j],
                    "token": filled.feed.token,
                    "job": job,
                    "number": version.number,
                }
                if name.startswith("content_plan:audit_"):
                    values["piece_id"] = values["audited_id"]
                url = reverse(name, kwargs={key: values[key] for key in parameters(name)})
                pages[name, j, False] = client.get(url)
                if j == 0:
                    pages[name, j, True] = client.get(url, headers={"HX-Request": "true"})
        anonymous = Client()
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            pages["share_preview", 0, htmx] = anonymous.get(
                filled.share.get_absolute_url(), headers=headers
            )
        pages["starters:dashboard", 0, False] = client.get(reverse("starters:dashboard"))
        pdf = render_pdf(build_document(strategy))
        yield Answers(filled=filled, pages=pages, fetched=fetched, pdf=pdf)
        transaction.set_rollback(True)


def of_type(answers, content_type: str) -> dict:
    return {
        key: response
        for key, response in answers.pages.items()
        if response.status_code == 200 and response["Content-Type"].startswith(content_type)
    }


def test_every_text_field_is_filled():
    def json_fields(model):
        return {f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}

    ours = {
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and (typed_fields(model) or json_fields(model) - NOT_TYPED)
    }
    assert ours == set(MODELS), "fill() the new model's text fields"
    for model in MODELS:
        assert json_fields(model) - NOT_TYPED == set(LIST_FIELDS.get(model, ())), model


def test_the_forms_keep_what_was_typed(answers):
    strategy = Strategy.objects.get(pk=answers.filled.strategy.pk)
    assert strategy.name == "<script>alert(1)</script> {{ 7*7 }}"
    assert strategy.industry == '=HYPERLINK("http://evil.example","x")'
    assert strategy.diagnosis == "{% debug %}\r\n<script>alert(1)</script>"
    persona = strategy.personas.get(name__startswith="Posted")
    assert persona.goals == ["<script>alert(1)</script>", "=1+1", '{{ "injected"|upper }}']
    piece = strategy.content_pieces.get(title__startswith="Posted")
    assert piece.title == "Posted\r\nATTENDEE:mailto:evil@example.com"
    step = SequenceStep.objects.get(text__startswith="Posted")
    assert [button["title"] for button in step.buttons] == ["=1+1", "<i>x</i>"]


def test_every_page_shows_the_payloads_as_text(answers):
    failed = {
        key: response.status_code
        for key, response in answers.pages.items()
        if response.status_code not in (200, 302, 405)
    }
    assert failed == {}
    assert {"report:document", "share_preview", "personas:edit"} <= {
        name for name, _j, _htmx in answers.html
    }
    problems = []
    for (name, j, htmx), inspector in answers.html.items():
        problems += [f"{name} #{j} (htmx={htmx}): {p}" for p in inspector.problems]
        if EVALUATED in "".join(inspector.text):
            problems.append(f"{name} #{j} (htmx={htmx}): a template was evaluated")
    assert problems == []


@pytest.mark.parametrize("name", ["report:document", "share_preview"])
def test_the_document_shows_every_payload_literally(answers, name):
    text = answers.text((name, 0, False))
    assert [payload for payload in PAYLOADS if squeeze(payload) not in text] == []


def test_the_pages_show_every_url_literally(answers):
    text = answers.text(*answers.html)
    assert [url for url in URL_PAYLOADS if squeeze(url) not in text] == []


@pytest.mark.parametrize(
    ("name", "model", "key"),
    [
        ("personas:edit", BuyerPersona, "persona_id"),
        ("assets:edit", Asset, "asset_id"),
        ("content_plan:piece_edit", ContentPiece, "piece_id"),
        ("content_plan:step_edit", SequenceStep, "step_id"),
    ],
)
def test_every_edit_form_gives_back_what_was_typed(answers, name, model, key):
    assert name in EVERY_OBJECT
    shown = set()
    for j in range(N):
        row = model.objects.get(pk=answers.filled.args[j][key])
        fields = answers.html[name, j, False].fields
        for f in typed_fields(model):
            # The form's own name for the field, prefix and all.
            for field_name in [n for n in fields if n and n.split("-")[-1] == f.name]:
                assert [squeeze(v) for v in fields[field_name]] == [squeeze(getattr(row, f.name))]
                shown.add(getattr(row, f.name))
        for list_name in LIST_FIELDS.get(model, ()):
            items = [
                item["title"] if isinstance(item, dict) else item
                for item in getattr(row, list_name)
            ]
            (field_name,) = [n for n in fields if n and n.split("-")[-1] == list_name]
            (value,) = fields[field_name]
            assert [item for item in items if squeeze(item) not in squeeze(value)] == []
            shown.update(items)
    assert set(PAYLOADS) <= shown


@needs_commands("pdftotext")
def test_the_pdf_holds_the_payloads_as_text_and_fetched_nothing(answers, tmp_path):
    assert answers.fetched == []
    text = squeeze(pdf_text(answers.pdf, tmp_path))
    printable = [payload for payload in PAYLOADS if payload not in UNPRINTABLE]
    assert [payload for payload in printable if squeeze(payload) not in text] == []
    assert EVALUATED not in text
    # Any other PDF a page answers with (rendered by the same renderer).
    for response in of_type(answers, "application/pdf").values():
        assert EVALUATED not in pdf_text(response.content, tmp_path)


def test_the_workbooks_hold_text_never_formulas(answers):
    workbooks = of_type(
        answers, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert {name for name, _j, _htmx in workbooks} == {
        "report:export_xlsx",
        "report:export_plan_xlsx",
    }
    direct = strategy_workbook(build_document(answers.filled.strategy))
    seen = set()
    for data in [direct, *(response.content for response in workbooks.values())]:
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        seen.add(cell.value)
                        assert EVALUATED not in cell.value
                        if cell.value.startswith(FORMULA_STARTS):
                            assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
    for payload in PAYLOADS:
        if payload.startswith(FORMULA_STARTS):
            assert safe_text(payload) in seen
    assert "-2+3" in seen  # a username too


def test_the_calendar_feed_is_escaped_text(answers):
    response = answers.pages["content_plan:feed", 0, False]
    assert response.status_code == 200
    body = response.content
    lines = body.split(b"\r\n")
    assert lines[-1] == b""
    for line in lines:
        text = line.decode()
        # No line break of any kind inside a content line, and no control characters
        # (RFC 5545 TEXT allows none but the tab).
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]", text), text
    calendar = Calendar.from_ical(body)
    allowed = {
        "VCALENDAR": {"PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME"},
        "VEVENT": {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "LAST-MODIFIED"},
    }
    for component in calendar.walk():
        assert set(component) <= allowed[component.name], component.name
    strategy = Strategy.objects.get(pk=answers.filled.strategy.pk)
    assert printed(calendar["X-WR-CALNAME"]) == printed(f"{strategy.name} — content plan")
    pieces = strategy.content_pieces.exclude(publish_date=None)
    events = calendar.walk("VEVENT")
    assert len(events) == pieces.count()
    titles = sorted(printed(event["SUMMARY"]) for event in events)
    assert titles == sorted(printed(piece.title) for piece in pieces)
    assert any("ATTENDEE:mailto:evil@example.com" in title for title in titles)


def printed(value) -> str:
    """Text without its white space and control characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", squeeze(str(value)))


def test_control_characters_and_line_breaks_stay_inside_the_calendar_text(client, team):
    ContentPieceFactory(
        strategy=team.strategy,
        title="a\x07b\x1b[2J\rATTENDEE:x\u2028ORGANIZER:y\x0bEND:VEVENT",
        reason="c\x01d\x85X-INJECTED:1",
    )
    feed = CalendarFeed.objects.create(strategy=team.strategy, user=team.viewer)
    body = client.get(feed.get_absolute_url()).content
    for line in body.split(b"\r\n"):
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]", line.decode())
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert set(event) == {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "LAST-MODIFIED",
    }
    assert str(event["SUMMARY"]) == "ab[2J\nATTENDEE:x\nORGANIZER:yEND:VEVENT"
    assert str(event["DESCRIPTION"]).endswith("\ncd\nX-INJECTED:1")


def test_the_forms_refuse_urls_that_are_not_web_addresses_and_nul(client_for, team):
    client = client_for(team.owner)
    url = reverse("assets:inventory", args=[team.strategy.uuid])
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>"):
        data = {"new-name": "x", "new-media_type": "owned", "new-kind": "website", "new-url": bad}
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Enter a valid URL." in response.text
    response = client.post(url, {**data, "new-name": "nul\x00", "new-url": ""})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert not Asset.objects.filter(strategy=team.strategy).exists()
    sequence = MessageSequenceFactory(strategy=team.strategy)
    url = reverse("content_plan:step_create", args=[team.strategy.uuid, sequence.pk])
    data = {"channel": "messenger", "delay_minutes": "0", "button_style": "buttons"}
    response = client.post(url, {**data, "text": "x", "buttons": "Go | javascript:alert(1)"})
    assert response.status_code == 200
    assert not sequence.steps.exists()
