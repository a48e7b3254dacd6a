"""Edits that do not overwrite each other.

Personas, goals, assets and content pieces count their saves in ``version``.
An edit form carries, in a hidden field, the version its editor started from,
and :meth:`VersionedForm.save_if_unchanged` writes with a single conditional
UPDATE that only succeeds while the row still has that version. When someone
else saved in between, nothing is written: the form comes back with what the
editor typed, the values saved now beside it (field by field, where they
differ) and the current version, so that saving again is a deliberate choice
to replace the other version.

Every other save of an existing row (the spreadsheet import, the admin) goes
through :meth:`Versioned.save`, which counts it too, so an editor who started
before it is warned in the same way. Moving rows up and down changes only
their position, which no edit form writes, and leaves the version alone.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from strategy_planner.versioning import strategy_id_of, touch


class Versioned(models.Model):
    """A row that counts its saves, so an edit started from an older one is caught."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        # Counted in the database, so two saves at once both count.
        self.version = models.F("version") + 1
        super().save(*args, **kwargs)
        # The new number is read back from the database when it is next asked for.
        del self.__dict__["version"]


class VersionField(forms.IntegerField):
    """The version an editor started from; bookkeeping, never a change of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            number = super().to_python(value)
        except ValidationError:
            number = None
        # A mangled number checks nothing, like a form without one.
        return number if number is not None and 0 < number < 2**31 else None

    def has_changed(self, initial, data) -> bool:
        return False


@dataclass(frozen=True)
class Difference:
    """One field where the saved row and the editor's form disagree."""

    label: str
    saved: list
    yours: list


@dataclass(frozen=True)
class Conflict:
    """What someone else saved while the editor was still editing."""

    name: str
    version: int
    differences: list[Difference]


class VersionedForm(forms.ModelForm):
    """A model form for a :class:`Versioned` model that does not save over a newer version.

    Views save it with :meth:`save_if_unchanged` and show ``form.conflict``
    (``templates/_edit_conflict.html``) when that returns ``None``. A form
    without a version in its data (the spreadsheet import fills the forms
    itself) saves as usual.
    """

    version = VersionField()

    conflict: Conflict | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.initial.setdefault("version", self.instance.version)

    def save_if_unchanged(self):
        """Save and return the object, or return ``None`` and set :attr:`conflict`
        when someone else saved it since this editor's version."""
        expected = self.cleaned_data.get("version")
        if self.instance._state.adding or expected is None:
            return self.save()
        instance = self.save(commit=False)
        model = type(instance)
        written = [
            field
            for field in model._meta.concrete_fields
            if not field.primary_key
            and field.name != "version"
            and (field.name in self.cleaned_data or getattr(field, "auto_now", False))
        ]
        values = {field.attname: field.pre_save(instance, add=False) for field in written}
        unchanged = model._base_manager.filter(pk=instance.pk, version=expected)
        if unchanged.update(version=expected + 1, **values):
            instance.version = expected + 1
            touch(strategy_id_of(instance))
            self.save_m2m()
            self._show_version(instance.version)
            return instance
        saved = model._base_manager.filter(pk=instance.pk).first()
        if saved is None:
            raise Http404("Deleted while being edited.")
        self._show_version(saved.version)
        instance.version = saved.version
        differences = self.differences(saved)
        if not differences:
            return instance  # what was saved is what this editor wants: nothing to lose
        self.conflict = Conflict(name=str(saved), version=saved.version, differences=differences)
        return None

    def differences(self, saved) -> list[Difference]:
        """The form's fields whose saved value differs from the one typed here."""
        found = []
        for name, form_field in self.fields.items():
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if name == "version" or name not in self.cleaned_data:
                continue
            if field.many_to_many:
                theirs = list(getattr(saved, name).all())
                yours = list(self.cleaned_data[name])
                differs = {row.pk for row in theirs} != {row.pk for row in yours}
            else:
                differs = field.value_from_object(saved) != field.value_from_object(self.instance)
                theirs = getattr(saved, name if field.is_relation else field.attname)
                yours = getattr(self.instance, name if field.is_relation else field.attname)
            if differs:
                labels = _choice_labels(field, form_field)
                found.append(
                    Difference(
                        label=form_field.label or field.verbose_name,
                        saved=_items(theirs, labels),
                        yours=_items(yours, labels),
                    )
                )
        return found

    def _show_version(self, version: int) -> None:
        """Put ``version`` in the hidden field the re-rendered form sends back."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = version


def _choice_labels(field, form_field) -> dict:
    if field.choices:
        return {str(value): label for value, label in field.flatchoices}
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        return {str(value): label for value, label in form_field.choices}
    return {}


def _items(value, labels: dict) -> list:
    """A value as the lines to show: choice labels, related rows, list items."""
    if value is None or value == "":
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [labels.get(str(item), item) for item in values]
