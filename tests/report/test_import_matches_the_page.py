"""The spreadsheet import accepts exactly what the edit page accepts.

Differential tests: generated rows go both to the edit page's form
(``Form(data, instance=..., strategy=...).is_valid()``) and to the import, which
checks rows with that form's fields and the model's ``full_clean()`` without
making a form per row (report/xlsx_import.py, ``RowChecker``). Both must accept
and refuse the same rows, with the errors on the same columns, and save the same
values. Hypothesis runs derandomized and keeps no example database, so every run
sees the same rows.

The import leans on the forms keeping their rules where it can run them: in
their fields and in the model. The last tests fail, saying what to do, the day
a form grows a check of its own, and keep the import off Django's and openpyxl's
private names.
"""

import ast
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assets.models import KINDS_BY_MEDIA_TYPE, Kind, MediaType, Platform
from content_plan.models import (
    ContentFormat,
    FunnelStage,
    Priority,
    Production,
    Status,
)
from report import xlsx_import, xlsx_reader
from report.xlsx_import import SPECS, RowChecker, plan_import
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
    StrategyFactory,
)

DIFFERENTIAL = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KINDS = sorted(SPECS)


@pytest.fixture
def stock(team):
    """A strategy with a little of everything, and things of another strategy beside it."""
    strategy = team.strategy
    hannah = BuyerPersonaFactory(strategy=strategy, name="Home-brew Hannah")
    BuyerPersonaFactory(strategy=strategy, name="مریم قهوه‌دوست")
    goal = GoalFactory(strategy=strategy, marketing_goal="More leads")
    GoalFactory(strategy=strategy, marketing_goal="Vânzări")
    newsletter = AssetFactory(
        strategy=strategy, name="Newsletter", media_type="owned", kind="email_list"
    )
    AssetFactory(strategy=strategy, name="Google reviews")
    AssetFactory(strategy=strategy, name="Instagram ads", media_type="paid", kind="paid_social")
    newsletter.goals.add(goal)
    ContentGapFactory(strategy=strategy, persona=hannah)
    grind = ContentPieceFactory(strategy=strategy, title="Grind guide", persona=hannah, hours=10)
    grind.promotion_channels.add(newsletter)
    ContentPieceFactory(
        strategy=strategy, title="Gift guide", production="outsourced", hours=None, budget=3800
    )
    other = StrategyFactory()
    BuyerPersonaFactory(strategy=other, name="Someone else's persona")
    GoalFactory(strategy=other, marketing_goal="Someone else's goal")
    AssetFactory(strategy=other, name="Someone else's channel")
    ContentGapFactory(strategy=other)
    return team


# (a) The same form data, to the page and to the import's checker -------------------------


def choice_values(form_field) -> list:
    values = []
    for value, label in form_field.choices:
        if isinstance(label, list | tuple):  # a group, as the kinds are grouped by media type
            values += [inner for inner, _label in label]
        elif value != "":
            values.append(value)
    return values


def values_for(name: str, form_field, strategy) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """Values the page may be sent for a field: ones a careful editor sends, and others."""
    if isinstance(form_field, forms.ModelChoiceField):
        model = form_field.queryset.model
        own = [row.pk for row in form_field.queryset]
        foreign = [pk for pk in model.objects.values_list("pk", flat=True) if pk not in own]
        one = st.sampled_from(own) if own else st.just("")
        good_one = st.one_of(one, one.map(str))
        bad_one = st.sampled_from([*foreign, "abc", "9" * 30, -1, "1.5", "\x00"])
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            some_bad = st.tuples(st.lists(good_one, max_size=2), bad_one)
            return (
                st.lists(good_one, max_size=3),
                st.one_of(
                    some_bad.map(lambda drawn: [*drawn[0], drawn[1]]),
                    st.sampled_from(["not a list", 7]),
                ),
            )
        return st.one_of(good_one, st.just("")), bad_one
    if isinstance(form_field, forms.ChoiceField):
        good = st.sampled_from(
            choice_values(form_field) + ([""] if not form_field.required else [])
        )
        return good, st.sampled_from(["Poster", "Blog post", "blog post", " ", "x" * 30])
    if isinstance(form_field, forms.DecimalField):
        places = form_field.decimal_places
        good = st.one_of(
            st.just(""),
            st.decimals(min_value=0, max_value=10_000, places=places),
            st.decimals(min_value=0, max_value=10_000, places=places).map(str),
        )
        return good, st.sampled_from(["lots", "NaN", "Infinity", "1e400", "12.345", "-5", "1,5"])
    if isinstance(form_field, forms.IntegerField):
        good = st.one_of(st.just(""), st.integers(0, 10**6), st.integers(0, 10**6).map(str))
        return good, st.sampled_from([-1, "-3", "1.5", "x", 10**20, "٣"])
    if isinstance(form_field, forms.DateField):
        when = st.dates(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
        good = st.one_of(st.just(""), when, when.map(str), st.just("12/31/2027"))
        return good, st.sampled_from(["2027-02-30", "31/12/2027", "tomorrow", "0000-00-00"])
    if isinstance(form_field, forms.URLField):
        good = st.sampled_from(["", "https://example.com", "example.org/shop"])
        return good, st.sampled_from(
            ["http://", "javascript:alert(1)", "https://x.com/" + "a" * 500]
        )
    if isinstance(form_field, forms.CharField):
        text = st.sampled_from(["Grind guide", "راهنمای دم‌آوری", "Ștefan's tips", "  padded  "])
        good = st.one_of(text, st.just("")) if not form_field.required else text
        return good, st.sampled_from(["", "   ", "x" * 301, "nul\x00byte"])
    raise AssertionError(f"no values for {name} ({type(form_field).__name__}): add them here")


def coherent(draw, kind: str, data: dict) -> dict:
    """Make most rows keep the model's own rules, so that many pass."""
    if kind == "content_plan":
        production = draw(st.sampled_from(Production.values))
        data["production"] = production
        data["hours" if production == Production.OUTSOURCED else "budget"] = ""
        due, publish = data.get("due_date"), data.get("publish_date")
        if isinstance(due, datetime.date) and isinstance(publish, datetime.date):
            data["due_date"] = min(due, publish)
    else:
        media = draw(st.sampled_from(MediaType.values))
        data["media_type"] = media
        data["kind"] = draw(st.sampled_from(KINDS_BY_MEDIA_TYPE[media]))
        if media != MediaType.PAID:
            data["spend"] = ""
    return data


@st.composite
def page_rows(draw, kind: str, strategy):
    """Form data for rows of the edit page, with the ID of the row edited (or None)."""
    spec = SPECS[kind]
    form = spec.form_class(strategy=strategy)
    pools = {
        name: values_for(name, form_field, strategy)
        for name, form_field in form.fields.items()
        if name != "edit_version"  # the page's bookkeeping: it never refuses anything
    }
    own = list(spec.model_queryset(strategy).values_list("pk", flat=True))
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        broken = draw(st.sets(st.sampled_from(sorted(pools)), max_size=2))
        data = {name: draw(bad if name in broken else good) for name, (good, bad) in pools.items()}
        if draw(st.booleans()):
            data = coherent(draw, kind, data)
            for name in broken:
                data[name] = draw(pools[name][1])
        rows.append((draw(st.sampled_from([None, *own])), data))
    return rows


def saved_values(spec, instance, cleaned: dict) -> dict:
    """The values a form puts into its row, as the model's fields read them."""
    written = [f for f in spec.model._meta.get_fields() if f.name in spec.form_class.Meta.fields]
    return {
        f.name: sorted(row.pk for row in cleaned[f.name])
        if f.many_to_many
        else f.value_from_object(instance)
        for f in written
    }


@DIFFERENTIAL
@given(data=st.data())
def test_the_import_refuses_what_the_page_refuses_with_the_same_messages(stock, data):
    strategy = stock.strategy
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    language = data.draw(st.sampled_from(["en", "fa", "ro"]), label="language")
    spec = SPECS[kind]
    with translation.override(language):
        checker = RowChecker(spec, strategy)  # one for all the rows, as an import has
        for pk, row in data.draw(page_rows(kind, strategy), label="rows"):
            saved = None if pk is None else spec.model.objects.get(pk=pk)
            page = spec.form_class(dict(row), instance=saved, strategy=strategy)
            page_ok = page.is_valid()
            instance = (
                spec.model(strategy=strategy) if pk is None else spec.model.objects.get(pk=pk)
            )
            errors, cleaned = checker.check(dict(row), instance)
            event(f"{kind}: {'accepted' if page_ok else 'refused'}")
            assert errors == {name: list(messages) for name, messages in page.errors.items()}
            if page_ok:
                assert saved_values(spec, instance, cleaned) == saved_values(
                    spec, page.instance, page.cleaned_data
                )


# (b) The same rows, as a sheet to the import and as form data to the page -----------------

HEADERS = {"content_plan": xlsx_import.PLAN_COLUMNS, "inventory": xlsx_import.INVENTORY_COLUMNS}
CHOICES = {
    "format": ContentFormat,
    "stage": FunnelStage,
    "priority": Priority,
    "production": Production,
    "status": Status,
    "media_label": MediaType,
    "kind": Kind,
    "platform": Platform,
}
NAMED = {  # column → (model, attribute the sheet names it by)
    "persona": ("personas.BuyerPersona", "name"),
    "goal": ("strategy_planner.Goal", "marketing_goal"),
    "channels": ("assets.Asset", "name"),
}


def named(stock, column: str) -> tuple[dict, dict]:
    """Name → pk of the strategy's own objects a column may name, and of others'."""
    if column == "owner":
        members = {m.user.username: m.user.pk for m in stock.strategy.memberships.all()}
        stranger = {stock.outsider.username: stock.outsider.pk}
        return members, stranger
    label, attribute = NAMED[column]
    own, foreign = {}, {}
    for row in apps.get_model(label).objects.all():
        (own if row.strategy_id == stock.strategy.pk else foreign)[getattr(row, attribute)] = row.pk
    return own, foreign


def label_of(choices, value: str, language: str) -> str:
    with translation.override(language):
        return str(choices(value).label)


@st.composite
def cell_and_page_value(draw, column, stock, careful: bool):
    """What a cell holds, and what the page's form is sent for the same intent: a
    careful editor's value, or anything a sheet may hold."""
    key = column.key
    if key in CHOICES:
        values = list(CHOICES[key].values)
        how = draw(st.sampled_from(["value", "label", "label"] + ([] if careful else ["junk"])))
        if how == "junk" or (not careful and draw(st.integers(0, 4)) == 0):
            junk = draw(st.sampled_from([None, "Poster", "Billboard", "x" * 30]))
            return junk, junk or ""
        value = draw(st.sampled_from(values))
        if how == "value":
            return value, value
        return label_of(CHOICES[key], value, draw(st.sampled_from(["en", "fa", "ro"]))), value
    if key in NAMED or key == "owner":
        own, foreign = named(stock, key)
        if key == "channels":
            names = draw(st.lists(st.sampled_from(sorted(own)), max_size=3))
            if not careful:
                names.append(draw(st.sampled_from(sorted(foreign))))
            pks = [own.get(name) or foreign[name] for name in names]
            return ", ".join(names) or None, pks
        which = draw(st.sampled_from(["own", "own", "empty"] + ([] if careful else ["foreign"])))
        if which == "empty":
            return None, ""
        name = draw(st.sampled_from(sorted(own if which == "own" else foreign)))
        return name, (own if which == "own" else foreign)[name]
    if column.kind in ("decimal", "money", "int"):
        number = st.one_of(
            st.integers(0, 10**5), st.decimals(min_value=0, max_value=10**5, places=1).map(str)
        )
        if not careful:
            number = st.sampled_from(["lots", "NaN", "1e400", "12.345", "-5", "2.25", "2.5"])
        value = draw(st.one_of(st.none(), number))
        return value, "" if value is None else str(value)
    if column.kind == "date":
        when = draw(st.dates(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)))
        value = draw(
            st.sampled_from(
                [None, datetime.datetime(when.year, when.month, when.day)]
                + ([] if careful else ["2027-02-30", "soon"])
            )
        )
        if isinstance(value, datetime.datetime):
            return value, value.date().isoformat()
        return value, "" if value is None else value
    if key == "url":
        value = draw(
            st.sampled_from(
                ["https://example.com", "example.org/shop", None] + ([] if careful else ["http://"])
            )
        )
        return value, value or ""
    text = draw(
        st.sampled_from(
            ["Grind guide", "Cold brew at home", "راهنمای دم‌آوری", "Ștefan"]
            + ([] if careful else [None, "x" * 301])
        )
    )
    return text, text or ""


def keep_the_models_rules(draw, kind: str, cells: dict, page: dict) -> None:
    """Make a careful row's figures agree with each other, as the model's clean() asks."""
    if kind == "content_plan":
        in_house = page["production"] == Production.IN_HOUSE
        cells["budget" if in_house else "hours"] = None
        page["budget" if in_house else "hours"] = ""
        if cells["due_date"] and cells["publish_date"]:
            due, publish = sorted([cells["due_date"], cells["publish_date"]])
            cells["due_date"], cells["publish_date"] = due, publish
            page["due_date"], page["publish_date"] = (
                due.date().isoformat(),
                publish.date().isoformat(),
            )
    else:
        media = page["media_type"]
        kind_value = draw(st.sampled_from(KINDS_BY_MEDIA_TYPE[media]))
        cells["kind"], page["kind"] = kind_value, kind_value
        if media != MediaType.PAID:
            cells["spend"], page["spend"] = None, ""


@st.composite
def sheets(draw, kind: str, stock):
    """Rows of a sheet with every column the import reads, and each row as page data:
    mostly careful rows, some with a cell or two that anything could be in."""
    spec = SPECS[kind]
    columns = [c for c in HEADERS[kind] if c.imported and c.key not in ("id", "version")]
    own = list(spec.model_queryset(stock.strategy).values_list("pk", flat=True))
    used, rows = set(), []
    for _ in range(draw(st.integers(1, 5))):
        pk = draw(st.sampled_from([None, *own]))
        if pk in used:
            pk = None
        used.add(pk)
        cells, page = {}, {}
        for column in columns:
            target = spec.form_fields.get(column.key, column.key)
            cells[column.key], page[target] = draw(cell_and_page_value(column, stock, True))
        keep_the_models_rules(draw, kind, cells, page)
        for column in draw(st.lists(st.sampled_from(columns), max_size=2)):
            target = spec.form_fields.get(column.key, column.key)
            cells[column.key], page[target] = draw(cell_and_page_value(column, stock, False))
        if not any(cells.values()) and pk is None:  # a row left empty is no row at all
            title = columns[0].key
            cells[title] = page[spec.form_fields.get(title, title)] = "Grind guide"
        rows.append((pk, [pk, *cells.values()], page))
    return [c.header for c in HEADERS[kind] if c.imported and c.key != "version"], rows


def current_data(spec, instance) -> dict:
    """The form data the edit page sends back for a row nobody changed."""
    data = {}
    for name, value in model_to_dict(instance, fields=spec.form_class.Meta.fields).items():
        if isinstance(value, list):
            data[name] = [item.pk for item in value]
        else:
            data[name] = "" if value is None else value
    return data


def column_of(spec, form, field_name: str) -> str:
    for column in HEADERS[spec.kind]:
        if spec.form_fields.get(column.key, column.key) == field_name:
            return str(column.header)
    form_field = form.fields.get(field_name)
    return str(form_field.label) if form_field is not None and form_field.label else ""


@DIFFERENTIAL
@given(data=st.data())
def test_a_sheet_row_passes_when_the_page_would_save_it(stock, data):
    strategy = stock.strategy
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    spec = SPECS[kind]
    headers, rows = data.draw(sheets(kind, stock), label="rows")
    book = openpyxl.Workbook()
    book.active.append(["ID", *map(str, headers[1:])])
    for _pk, cells, _page in rows:
        book.active.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    plan = plan_import(strategy, SimpleUploadedFile("plan.xlsx", buffer.getvalue()), kind)

    refused = {}
    for error in plan.errors:
        refused.setdefault(error.row, set()).add(error.column)
    creates = {item["row"]: item["data"] for item in plan.creates}
    updates = {item["row"]: item["data"] for item in plan.updates}
    for number, (pk, _cells, page_values) in enumerate(rows, start=2):
        saved = None if pk is None else spec.model.objects.get(pk=pk)
        before = current_data(spec, saved if saved is not None else spec.model())
        page = spec.form_class(before | page_values, instance=saved, strategy=strategy)
        page_ok = page.is_valid()
        event(f"{kind}, {'new' if saved is None else 'saved'}: {'ok' if page_ok else 'refused'}")
        assert refused.get(number, set()) == {column_of(spec, page, f) for f in page.errors}
        if not page_ok:
            continue
        # What the import would write is what the page would save.
        written = creates.get(number) or updates.get(number) or {}
        if saved is None:
            assert set(written) == set(spec.form_class.Meta.fields)
        model_fields = {f.name: f for f in spec.model._meta.get_fields()}
        for name in spec.form_class.Meta.fields:
            relation = model_fields[name]
            if relation.many_to_many:
                page_value = sorted(row.pk for row in page.cleaned_data[name])
                ours = sorted(written[name]) if name in written else sorted(before[name])
            else:
                page_value = relation.value_from_object(page.instance)
                ours = (
                    relation.to_python(written[name])
                    if name in written
                    else relation.value_from_object(spec.model.objects.get(pk=pk))
                )
            assert ours == page_value, name


# (c) What the import relies on --------------------------------------------------------------

# What a form may override to check data beyond its fields and its model.
FORM_CHECKS = {"clean", "full_clean", "is_valid", "validate_unique", "_clean_fields", "_clean_form"}
FORM_CHECKS |= {"_post_clean", "add_error", "_update_errors", "_get_validation_exclusions"}


def checks_of_its_own(form_class) -> list[str]:
    """The checks a model form adds beyond its fields' and its model's."""
    own = {
        name
        for klass in form_class.__mro__
        if issubclass(klass, forms.ModelForm) and klass is not forms.ModelForm
        for name in vars(klass)
    }
    return sorted(name for name in own if name.startswith("clean_") or name in FORM_CHECKS)


def test_a_check_of_a_form_s_own_is_noticed():
    class TitleCheckingForm(SPECS["content_plan"].form_class):
        def clean_title(self):
            return self.cleaned_data["title"]

    assert checks_of_its_own(TitleCheckingForm) == ["clean_title"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_edit_forms_keep_their_checks_where_the_import_runs_them(stock, kind):
    """The import runs the form's fields and the model's full_clean() (RowChecker in
    report/xlsx_import.py), never the form's own clean() or clean_<field>()."""
    spec = SPECS[kind]
    form_class = spec.form_class
    hooks = checks_of_its_own(form_class)
    assert not hooks, (
        f"{form_class.__name__} checks data in {hooks}, which the spreadsheet import never "
        "runs. Move the rule into the model's clean() (the import runs it), or make "
        "RowChecker.check() in report/xlsx_import.py run it too."
    )
    form = form_class(strategy=stock.strategy)
    disabled = [name for name, form_field in form.fields.items() if form_field.disabled]
    assert not disabled, (
        f"{form_class.__name__} has disabled fields {disabled}: the page cleans their initial "
        "value, RowChecker.check() cleans what the row holds. Teach it the difference."
    )
    limited = [
        f.name
        for f in spec.model._meta.get_fields()
        if f.name in form_class.Meta.fields and f.is_relation and f.get_limit_choices_to()
    ]
    assert not limited, (
        f"{limited} limit their choices on the model: the import leaves the model's check of "
        "a row's links out, trusting the form field's queryset. Apply the limit there too."
    )


ALLOWED = {"_meta"}  # Model._meta: Django's documented API for a model's fields
BANNED = {"__new__", "__dict__", "executemany", "execute", "cursor", "raw", "extra"}


@pytest.mark.parametrize("module", [xlsx_import, xlsx_reader])
def test_the_import_uses_no_private_names_of_django_or_openpyxl(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found = sorted(
        (node.lineno, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and (
            node.attr in BANNED
            or (
                node.attr.startswith("_")
                and not node.attr.endswith("__")
                and node.attr not in ALLOWED
                and not (isinstance(node.value, ast.Name) and node.value.id == "self")
            )
        )
    )
    assert not found, (
        f"{module.__name__} reaches into {found}: go through the forms, the models' "
        "full_clean(), the documented manager methods and openpyxl's public helpers instead."
    )
    swapped = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Attribute) and t.attr.startswith("clean") for t in node.targets)
    ]
    assert not swapped, f"{module.__name__} replaces a clean method (lines {swapped})"
