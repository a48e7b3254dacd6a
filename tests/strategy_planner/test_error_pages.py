"""The error pages (400, 403, 404, 500) are drawn in the app's layout, in the
reader's language, say what happened and offer a way back; inside a strategy,
the way back to it is offered to its members only, and no page shows the error.
"""

import pytest
from django.test import Client
from django.urls import path, reverse

from strategy_planner import urls as root_urls
from tests.factories import GoalFactory

NAVIGATION = 'class="navbar-brand'  # the site's navigation, in any language


def boom(request, strategy_uuid=None):
    raise RuntimeError("secret-internal-detail")


# A URL configuration with a view that raises, beside every real one.
urlpatterns = [
    path("boom/", boom),
    path("strategies/<uuid:strategy_uuid>/boom/", boom),
    *root_urls.urlpatterns,
]
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def raising(settings, client):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


def in_persian(client):
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    return client


def dashboard_link() -> str:
    return f'href="{reverse("starters:dashboard")}"'


def test_a_viewer_who_saves_gets_403_in_the_layout_with_the_way_back(client_for, team):
    response = client_for(team.viewer).post(
        reverse("strategy_planner:basics", args=[team.strategy.uuid]), {"name": "Renamed"}
    )

    assert response.status_code == 403
    page = response.text
    assert NAVIGATION in page
    assert "You can read this strategy but not change it" in page
    assert f'href="{team.strategy.get_absolute_url()}"' in page
    assert f'href="{reverse("strategy_planner:members", args=[team.strategy.uuid])}"' in page
    assert dashboard_link() in page


def test_the_403_page_is_persian_and_right_to_left(client_for, team):
    client = in_persian(client_for(team.viewer))

    response = client.post(reverse("strategy_planner:basics", args=[team.strategy.uuid]))

    assert response.status_code == 403
    page = response.text
    assert '<html lang="fa" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    assert NAVIGATION in page
    assert "می‌توانید این راهبرد را بخوانید اما نمی‌توانید آن را تغییر دهید" in page
    assert f'href="{team.strategy.get_absolute_url()}"' in page


def test_an_editor_is_told_that_only_owners_may(client_for, team):
    response = client_for(team.editor).post(
        reverse("strategy_planner:delete", args=[team.strategy.uuid])
    )

    assert response.status_code == 403
    assert "Only the owners of this strategy can do this" in response.text
    assert f'href="{team.strategy.get_absolute_url()}"' in response.text


def test_a_form_sent_with_a_stale_token_gets_the_403_page(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.editor)

    response = client.post(reverse("strategy_planner:basics", args=[team.strategy.uuid]))

    assert response.status_code == 403
    assert NAVIGATION in response.text
    assert "This form has expired" in response.text
    assert "CSRF verification failed" not in response.text


def test_an_unknown_address_gets_the_styled_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert NAVIGATION in response.text
    assert "We could not find this page" in response.text
    assert dashboard_link() in response.text


def test_a_member_is_led_back_to_the_strategy_from_a_page_that_is_not_in_it(client_for, team):
    client = client_for(team.editor)
    gone = GoalFactory(strategy=team.strategy)
    addresses = [
        reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, gone.pk + 1000]),
        f"{team.strategy.get_absolute_url()}no-such-step/",
    ]
    for address in addresses:
        response = client.get(address)

        assert response.status_code == 404
        assert "This page is not in the strategy" in response.text
        assert f'href="{team.strategy.get_absolute_url()}"' in response.text


def test_an_outsider_learns_nothing_of_the_strategy(client_for, team):
    client = client_for(team.outsider)
    for address in (
        team.strategy.get_absolute_url(),
        f"{team.strategy.get_absolute_url()}no-such-step/",
    ):
        response = client.get(address)

        assert response.status_code == 404
        assert "We could not find this page" in response.text
        assert team.strategy.name not in response.text
        assert f'href="{team.strategy.get_absolute_url()}"' not in response.text


def test_a_request_from_an_unknown_host_gets_the_styled_400(client):
    response = client.get("/", HTTP_HOST="unknown.example")

    assert response.status_code == 400
    assert NAVIGATION in response.text
    assert "We could not understand this request" in response.text


def test_a_view_that_raises_gets_the_styled_500(raising):
    response = raising.get("/boom/")

    assert response.status_code == 500
    page = response.text
    assert NAVIGATION in page
    assert "Something went wrong on our side" in page
    assert dashboard_link() in page
    assert "secret-internal-detail" not in page
    assert "RuntimeError" not in page


def test_the_500_page_is_persian_and_leads_back_to_the_strategy(raising, team):
    response = in_persian(raising).get(f"/strategies/{team.strategy.uuid}/boom/")

    assert response.status_code == 500
    assert '<html lang="fa" dir="rtl">' in response.text
    assert "مشکلی از سمت ما پیش آمد" in response.text
    assert f'href="{team.strategy.get_absolute_url()}"' in response.text


def test_the_500_page_falls_back_to_a_plain_page_when_the_layout_fails(
    raising, settings, tmp_path, db
):
    # No collected static files: the layout's first stylesheet fails.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    response = in_persian(raising).get("/boom/")

    assert response.status_code == 500
    assert '<html lang="fa" dir="rtl">' in response.text
    assert "مشکلی از سمت ما پیش آمد" in response.text
    assert "secret-internal-detail" not in response.text
