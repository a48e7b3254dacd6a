import pytest
from django.urls import reverse

from tests.versions.test_publish import pdf_text
from versions.models import Approval, Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(team):
    version = Version.publish(team.strategy, team.owner, "budget agreed")
    version.render_pdf()
    return version


def ask(client, version, *users):
    url = reverse("versions:ask", args=[version.strategy.uuid, version.number])
    return client.post(url, {"approvers": [user.pk for user in users]})


def answer(client, version, verdict, note=""):
    url = reverse("versions:answer", args=[version.strategy.uuid, version.number])
    return client.post(url, {"verdict": verdict, "note": note})


def test_owners_ask_members_to_approve(team, client_for, version):
    response = ask(client_for(team.owner), version, team.viewer, team.editor)
    assert response.status_code == 302
    assert set(version.approvals.values_list("approver__username", "verdict")) == {
        ("viewer", "pending"),
        ("editor", "pending"),
    }


def test_it_checks_who_asks(team, client_for, version):
    assert ask(client_for(team.editor), version, team.viewer).status_code == 403
    assert ask(client_for(team.viewer), version, team.viewer).status_code == 403
    assert not version.approvals.exists()


def test_only_members_can_be_asked(team, client_for, version):
    response = ask(client_for(team.owner), version, team.outsider)
    assert response.status_code == 200
    assert "approvers" in response.context["ask_form"].errors
    assert not version.approvals.exists()


def test_an_asked_viewer_approves_and_changes_their_mind(team, client_for, version, tmp_path):
    version.ask([team.viewer], team.owner)
    client = client_for(team.viewer)
    assert answer(client, version, "approved", "Looks right").status_code == 302
    approval = version.approvals.get()
    assert (approval.verdict, approval.note) == ("approved", "Looks right")
    assert approval.answered_at is not None
    version.refresh_from_db()
    text = pdf_text(bytes(version.pdf), tmp_path)
    assert "Approved" in text and "viewer" in text and "Looks right" in text

    answer(client, version, "changes", "The budget is short")
    approval.refresh_from_db()
    assert approval.verdict == Approval.Verdict.CHANGES
    assert version.approvals.count() == 1
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Changes requested" in page and "The budget is short" in page


def test_requesting_changes_needs_a_note(team, client_for, version):
    version.ask([team.viewer], team.owner)
    response = answer(client_for(team.viewer), version, "changes")
    assert response.status_code == 200
    assert "note" in response.context["answer_form"].errors
    assert version.approvals.get().verdict == Approval.Verdict.PENDING


def test_members_not_asked_cannot_answer(team, client_for, version):
    version.ask([team.viewer], team.owner)
    assert answer(client_for(team.editor), version, "approved").status_code == 403
    assert answer(client_for(team.outsider), version, "approved").status_code == 404


def test_the_version_page_shows_approvals(team, client_for, version, django_assert_max_num_queries):
    version.ask([team.viewer, team.editor], team.owner)
    Approval.objects.filter(approver=team.viewer).update(verdict="approved", note="Fine")
    client = client_for(team.owner)
    with django_assert_max_num_queries(20):
        page = client.get(version.get_absolute_url()).content.decode()
    assert "Fine" in page and "Not answered yet" in page
    listing = client.get(reverse("versions:list", args=[team.strategy.uuid])).content.decode()
    assert "1 of 2 approved" in listing
