"""A person is named by the display name they chose, else their full name, else
their username: the same wherever they appear."""

from django.template import Context, Template

from strategy_planner.models import Profile
from strategy_planner.people import display_name, job_title
from tests.factories import UserFactory


def test_a_person_is_named_by_their_display_name_first(db):
    user = UserFactory(username="sam.b", first_name="", last_name="")
    assert display_name(user) == "sam.b"
    user.first_name, user.last_name = "Samuel", "Brightside"
    assert display_name(user) == "Samuel Brightside"
    Profile.objects.create(user=user, display_name="  Sam Brightside ", job_title="Head of growth")
    user.refresh_from_db()
    assert display_name(user) == "Sam Brightside"
    assert job_title(user) == "Head of growth"
    assert display_name(None) == "" and job_title(None) == ""


def test_templates_name_people_alike(db):
    user = UserFactory(username="reza")
    Profile.objects.create(user=user, display_name="رضا احمدی")
    rendered = Template("{% load planner %}{{ person|person }}").render(Context({"person": user}))
    assert rendered == "رضا احمدی"
