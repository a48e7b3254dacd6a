from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from starters.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STRATEGY_NAME
from strategy_planner.models import Membership, Role, Strategy


def test_it_creates_the_demo_and_can_run_again(db, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert f"demo / {DEMO_PASSWORD}" in output
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    strategy.industry = "Changed in the demo"
    strategy.save()

    call_command("seed_demo")

    assert Strategy.objects.filter(name=DEMO_STRATEGY_NAME).count() == 1
    strategy.refresh_from_db()
    assert strategy.industry == "Changed in the demo"  # the user's work is kept
    demo = get_user_model().objects.get(username="demo")
    assert demo.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(strategy=strategy, user=demo).role == Role.OWNER
    assert Membership.objects.get(strategy=strategy, user__username="manager").role == Role.VIEWER


def test_the_demo_shows_every_step_complete(db):
    from strategy_planner.wizard import Progress

    call_command("seed_demo")
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    progress = Progress(strategy)
    assert [s.step.slug for s in progress.steps if not s.complete] == []
    assert strategy.personas.count() == 3
    assert strategy.assets.paid().exclude(decision="").count() == 4
    assert strategy.content_pieces.dated().count() == 10


def test_the_demo_owner_has_a_draft_to_restore(client, db):
    call_command("seed_demo")
    call_command("seed_demo")  # still one
    draft = Strategy.objects.get(deleted_at__isnull=False)
    client.force_login(get_user_model().objects.get(username="demo"))
    assert "Recently deleted (1 strategy you can restore)" in client.get("/").text
    assert draft.name not in client.get("/").text.split("Recently deleted")[0]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_demo_shows_the_e_commerce_examples_on_its_steps(client, db):
    call_command("seed_demo")
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    client.force_login(strategy.memberships.get(user__username="demo").user)
    page = client.get(reverse("strategy_planner:goals", args=[strategy.uuid])).text
    assert "Example from the “E-commerce store” template:" in page
    assert "Recover more abandoned carts" in page
