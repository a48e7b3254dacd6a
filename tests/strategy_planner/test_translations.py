"""The Persian and Romanian catalogues are complete, every count takes the plural
forms of its language, and Persian mirrors the layout."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation.template import templatize

from tests.factories import AssetFactory

APPS = (
    "assets",
    "budget",
    "content_plan",
    "personas",
    "report",
    "results",
    "starters",
    "strategy_planner",
)
PLURAL_CALLS = {"ngettext", "ngettext_lazy"}
# What makemessages reads in a template's {% blocktranslate count %}, once templatized.
TEMPLATE_PLURAL = re.compile(
    r"\bngettext\((u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")), "
    r"(u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"))"
)


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po")
    )


def plural_messages() -> set[tuple[str, str]]:
    """Every plural message of the code and the templates, as makemessages finds it."""
    base = Path(settings.BASE_DIR)
    found = set()
    for app in APPS:
        for path in (base / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = getattr(node, "func", None)
                name = getattr(name, "id", getattr(name, "attr", None))
                if isinstance(node, ast.Call) and name in PLURAL_CALLS and len(node.args) >= 2:
                    singular, plural = node.args[:2]
                    if isinstance(singular, ast.Constant) and isinstance(plural, ast.Constant):
                        found.add((singular.value, plural.value))
    for path in (base / "templates").rglob("*.html"):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for singular, plural in TEMPLATE_PLURAL.findall(code):
            found.add(
                (ast.literal_eval(singular.lstrip("u")), ast.literal_eval(plural.lstrip("u")))
            )
    return found


def plural_problems(po: polib.POFile) -> list[str]:
    """The plural entries of a catalogue without all of its language's forms."""
    forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgid_plural:
            continue
        filled = [entry.msgstr_plural.get(index, "") for index in range(forms)]
        if len(entry.msgstr_plural) != forms or not all(text.strip() for text in filled):
            problems.append(entry.msgid)
    return problems


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_catalogue_is_complete(language):
    po = catalogue(language)
    assert len(po) > 100
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:10]}"


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_every_plural_entry_has_all_forms_of_its_language(language):
    assert plural_problems(catalogue(language)) == []


def test_a_plural_entry_with_a_missing_or_empty_form_is_found(tmp_path):
    po = polib.pofile(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=3; '
        'plural=(n==1?0:(((n%100>19)||((n%100==0)&&(n!=0)))?2:1));\\n"\n\n'
        'msgid "%(counter)s character"\nmsgid_plural "%(counter)s characters"\n'
        'msgstr[0] "%(counter)s caracter"\nmsgstr[1] "%(counter)s caractere"\n\n'
        'msgid "%(counter)s error"\nmsgid_plural "%(counter)s errors"\n'
        'msgstr[0] "%(counter)s eroare"\nmsgstr[1] "%(counter)s erori"\nmsgstr[2] ""\n\n'
        'msgid "%(counter)s asset"\nmsgid_plural "%(counter)s assets"\n'
        'msgstr[0] "%(counter)s activ"\nmsgstr[1] "%(counter)s active"\n'
        'msgstr[2] "%(counter)s de active"\n'
    )
    assert plural_problems(po) == ["%(counter)s character", "%(counter)s error"]


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_every_count_in_the_code_has_a_plural_entry(language):
    """A count worded by ngettext or {% blocktranslate count %} finds its plural entry:
    a singular entry of the same words would leave it untranslated."""
    entries = {(entry.msgid, entry.msgid_plural) for entry in catalogue(language)}
    missing = sorted(message for message in plural_messages() if message not in entries)
    assert missing == [], f"no plural entry in {language}: {missing[:10]}"


def test_romanian_says_de_before_counts_of_twenty_and_more():
    """Romanian's third form (20, 101, 1000 ...) puts "de" between the count and its
    noun: "24 de caractere", "75.000 de lead-uri"."""
    without = [
        entry.msgid
        for entry in catalogue("ro")
        if entry.msgid_plural
        and not entry.obsolete
        and entry.msgstr_plural.get(2, "").count("de ")
        <= entry.msgstr_plural.get(1, "").count("de ")
    ]
    assert without == []


def test_persian_pages_are_right_to_left(client_for, team):
    client = client_for(team.owner)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    response = client.get(reverse("starters:dashboard"))
    assert '<html lang="fa" dir="rtl">' in response.text
    assert "bootstrap.rtl.min.css" in response.text
    assert "راهبرد" in response.text


def test_romanian_pages_are_translated(client_for, team):
    client = client_for(team.owner)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    response = client.get(reverse("strategy_planner:basics", args=[team.strategy.uuid]))
    assert '<html lang="ro" dir="ltr">' in response.text
    assert "Salvează" in response.text


@pytest.mark.parametrize(
    ("language", "digits", "shown"),
    [
        ("en", "native", "12,345"),
        ("fa", "native", "۱۲٬۳۴۵"),
        ("fa", "latin", "12,345"),
        ("ro", "native", "12.345"),
    ],
)
def test_figures_are_grouped_in_every_language(client_for, team, language, digits, shown):
    AssetFactory(strategy=team.strategy, name="Northwind web shop", visits=12345)
    client = client_for(team.owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    client.post(reverse("strategy_planner:set_digits"), {"digits": digits, "next": "/"})
    page = client.get(reverse("assets:inventory", args=[team.strategy.uuid])).text
    assert shown in page
