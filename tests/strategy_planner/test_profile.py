from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from content_plan.forms import ContentPieceForm, PlanFilterForm
from strategy_planner.models import Profile, Role
from tests.factories import ContentPieceFactory, MembershipFactory, UserFactory
from tests.strategy_planner.test_edit_conflicts import browser_of, conflict_panel, form_data

User = get_user_model()
URL = reverse("profile")
SIGNUP = {
    "username": "maria",
    "email": "maria@example.com",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def named(user, name: str, title: str = "") -> Profile:
    return Profile.objects.create(user=user, display_name=name, job_title=title)


def members_url(team) -> str:
    return reverse("strategy_planner:members", args=[team.strategy.uuid])


# Sign-up -----------------------------------------------------------------------------


def test_signup_asks_for_the_name_the_team_sees(client, db):
    response = client.get(reverse("signup"))
    form = response.context["form"]
    assert list(form.fields)[:2] == ["display_name", "job_title"]
    assert form.fields["display_name"].required and form.fields["display_name"].help_text
    assert not form.fields["job_title"].required


def test_signup_without_a_display_name_is_refused_and_keeps_what_was_typed(client, db):
    response = client.post(reverse("signup"), {**SIGNUP, "display_name": "  ", "job_title": "CMO"})
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert 'value="maria"' in response.text and 'value="CMO"' in response.text
    assert not User.objects.filter(username="maria").exists()
    assert not Profile.objects.exists()


def test_signup_without_a_job_title_makes_a_profile_all_the_same(client, db):
    client.post(reverse("signup"), {**SIGNUP, "display_name": "Maria Ionescu"})
    profile = User.objects.get(username="maria").profile
    assert (profile.display_name, profile.job_title) == ("Maria Ionescu", "")


# The profile page --------------------------------------------------------------------


def test_the_profile_page_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_account_without_a_profile_starts_from_the_name_it_is_shown_by(client_for, team):
    team.owner.first_name, team.owner.last_name = "Olga", "Owner"
    team.owner.save()
    response = client_for(team.owner).get(URL)
    assert response.status_code == 200
    assert response.context["form"]["display_name"].value() == "Olga Owner"
    assert not Profile.objects.exists()  # reading the page writes nothing


def test_the_first_save_makes_the_profile(client_for, team):
    client = client_for(team.owner)
    response = client.post(
        URL,
        {
            "display_name": " Olga Petrova ",
            "job_title": "Head of marketing",
            "mail_about_my_items": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == URL
    profile = Profile.objects.get(user=team.owner)
    assert profile.display_name == "Olga Petrova"
    assert profile.job_title == "Head of marketing"
    assert (profile.mail_when_mentioned, profile.mail_about_my_items) == (False, True)
    assert "Your profile is saved." in response.text
    assert 'id="account-menu">Olga Petrova</button>' in response.text


def test_a_save_changes_the_profile_there_is(client_for, team):
    named(team.editor, "Eddie", "Writer")
    client_for(team.editor).post(URL, {"display_name": "Edith Stone", "job_title": ""})
    profile = Profile.objects.get(user=team.editor)
    assert (profile.display_name, profile.job_title) == ("Edith Stone", "")
    assert Profile.objects.count() == 1


def test_a_blank_name_is_refused_next_to_the_field_and_nothing_is_lost(client_for, team):
    named(team.editor, "Eddie")
    response = client_for(team.editor).post(
        URL, {"display_name": "   ", "job_title": "Content writer"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["display_name"]
    assert 'value="Content writer"' in response.text
    assert 'aria-invalid="true"' in response.text or "is-invalid" in response.text
    assert Profile.objects.get(user=team.editor).display_name == "Eddie"


def test_the_mail_choices_say_what_they_do(client_for, team):
    form = client_for(team.owner).get(URL).context["form"]
    assert "mention" in str(form.fields["mail_when_mentioned"].label)
    assert "own" in str(form.fields["mail_about_my_items"].label)
    assert form.fields["mail_when_mentioned"].help_text
    assert form.fields["mail_about_my_items"].help_text


def test_the_profile_page_mirrors_in_persian(client_for, team):
    client = client_for(team.owner)
    with translation.override("fa"):
        response = client.get(URL, headers={"accept-language": "fa"})
    assert 'dir="rtl"' in response.text


def test_the_account_menu_shows_the_display_name_and_links_the_profile(client_for, team):
    named(team.owner, "Olga Petrova")
    response = client_for(team.owner).get(reverse("starters:dashboard"))
    assert 'id="account-menu">Olga Petrova</button>' in response.text
    assert f'href="{URL}"' in response.text


def test_the_account_menu_falls_back_to_the_username(client_for, team):
    response = client_for(team.owner).get(reverse("starters:dashboard"))
    assert 'id="account-menu">owner</button>' in response.text


# Members -----------------------------------------------------------------------------


def test_the_team_page_introduces_people_by_name_and_job_title(client_for, team):
    named(team.editor, "Ioana Popescu", "Content lead")
    response = client_for(team.viewer).get(members_url(team))
    assert "Ioana Popescu" in response.text
    assert "Content lead" in response.text
    assert "Role of Ioana Popescu" not in response.text  # viewers get no role forms
    page = client_for(team.owner).get(members_url(team)).text
    assert "Role of Ioana Popescu" in page


def test_member_messages_name_people(client_for, team):
    named(team.outsider, "Reza Ahmadi")
    response = client_for(team.owner).post(
        members_url(team), {"who": "outsider", "role": "viewer"}, follow=True
    )
    assert "Reza Ahmadi can now work on this strategy as Viewer." in response.text
    membership = team.strategy.memberships.get(user=team.outsider)
    remove = reverse("strategy_planner:member_remove", args=[team.strategy.uuid, membership.pk])
    page = client_for(team.owner).get(remove).text
    assert "Remove Reza Ahmadi from this strategy?" in page
    response = client_for(team.owner).post(remove, follow=True)
    assert "Reza Ahmadi no longer has access to this strategy." in response.text


def test_the_team_page_reads_profiles_without_a_query_per_member(client_for, team):
    named(team.editor, "Edith")
    client = client_for(team.owner)
    with CaptureQueriesContext(connection) as few:
        client.get(members_url(team))
    for number in range(4):
        user = UserFactory(username=f"extra{number}")
        named(user, f"Extra {number}", "Analyst")
        MembershipFactory(strategy=team.strategy, user=user, role=Role.VIEWER)
    with CaptureQueriesContext(connection) as many:
        page = client.get(members_url(team)).text
    assert page.count("Analyst") == 4
    assert len(few) == len(many)


# Owners ------------------------------------------------------------------------------


def test_owner_choices_name_members_without_a_query_each(team, django_assert_num_queries):
    named(team.editor, "Edith Stone")
    named(team.viewer, "Aaron Viewer")
    form = ContentPieceForm(strategy=team.strategy)
    with django_assert_num_queries(1):
        choices = [label for _value, label in form.fields["owner"].choices]
    # By the name shown, whatever the username: a member without a profile by theirs.
    assert choices == ["---------", "Aaron Viewer", "Edith Stone", "owner"]
    assert "Edith Stone" in form.as_div()
    filters = PlanFilterForm(strategy=team.strategy)
    assert "Edith Stone" in [label for _value, label in filters.fields["owner"].choices]


def test_an_edit_conflict_over_the_owner_names_both_by_their_display_names(team):
    named(team.editor, "Edith Stone")
    named(team.viewer, "Vera Viewer")
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    url = reverse("content_plan:piece_edit", args=[team.strategy.uuid, piece.pk])
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, form_data(first_page.context["form"], owner=team.editor.pk))
    refused = second.post(url, form_data(second_page.context["form"], owner=team.viewer.pk))
    assert refused.status_code == 409
    panel = conflict_panel(refused.text)
    assert "Edith Stone" in panel and "Vera Viewer" in panel
