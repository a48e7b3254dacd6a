"""Every message of the code and the templates is in the Persian and Romanian
catalogues, translated: makemessages is run as `make messages` runs it, on a copy
of the project in a temporary folder, and each message it finds is looked up in
the committed catalogues. A string added to a page without a catalogue update
fails here. The repository's own catalogues are never written."""

import hashlib
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import needs_commands

LANGUAGES = ["fa", "ro"]
# What `make messages` leaves out (the Makefile's --ignore options).
IGNORED = [
    ".venv",
    "node_modules",
    "tests",
    "test-artifacts",
    "bench",
    "docs",
    "mutants",
    "mutation",
]


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(
            text.strip() for text in entry.msgstr_plural.values()
        )
    return bool(entry.msgstr.strip())


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, list[polib.POEntry]]:
    """The messages makemessages finds, per language, from a copy of the project."""
    base = Path(settings.BASE_DIR)
    committed = fingerprint(base / "locale")
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            *IGNORED, ".git", ".hypothesis", "__pycache__", "*.mo", "media"
        ),
    )
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[copy / "locale"]):
        patch.chdir(copy)
        call_command(
            "makemessages",
            locale=LANGUAGES,
            no_obsolete=True,
            ignore_patterns=IGNORED,
            verbosity=0,
        )
    assert fingerprint(base / "locale") == committed, "the repository's catalogues changed"
    return {
        language: list(polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po")))
        for language in LANGUAGES
    }


@needs_commands("xgettext", "msgmerge", package="gettext")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_found_is_translated_in_the_catalogue(extracted, language):
    committed = {
        key(entry): entry
        for entry in polib.pofile(
            str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po")
        )
    }
    found = extracted[language]
    assert len(found) > 100
    absent = [entry.msgid for entry in found if key(entry) not in committed]
    untranslated = [
        entry.msgid
        for entry in found
        if key(entry) in committed and not translated(committed[key(entry)])
    ]
    assert absent == [], f"{len(absent)} not in the {language} catalogue: {absent[:10]}"
    assert untranslated == [], (
        f"{len(untranslated)} untranslated in {language}: {untranslated[:10]}"
    )
