from django.urls import reverse

from personas.models import BuyerPersona, EvidenceSource
from strategy_planner.models import BusinessModel, Role
from tests.factories import BuyerPersonaFactory, MembershipFactory, StrategyFactory


def step_url(strategy):
    return reverse("personas:step", args=[strategy.uuid])


def persona_data(**changes):
    data = {
        "name": "Home-brew Hannah",
        "summary": "Brews every morning",
        "audience": "customers",
        "location": "Berlin",
        "job_title": "Designer",
        "age_min": "28",
        "age_max": "40",
        "income_min": "45000",
        "income_max": "70000",
        "company_size": "10-49",
        "company_industry": "Software",
        "goals": "Great coffee at home\nLearn to taste origins",
        "challenges": "Stale beans",
        "interests": "",
        "priorities": "Freshness",
        "sources": ["survey", "interview"],
        "evidence_note": "Survey of 212 customers",
    }
    return {**data, **changes}


def test_viewer_reads_the_step_without_edit_buttons(client_for, team):
    BuyerPersonaFactory(strategy=team.strategy, name="Sam")
    response = client_for(team.viewer).get(step_url(team.strategy))
    assert response.status_code == 200
    assert "Sam" in response.text
    assert reverse("personas:create", args=[team.strategy.uuid]) not in response.text


def test_editor_adds_a_persona_with_ordered_lists(client_for, team):
    response = client_for(team.editor).post(
        reverse("personas:create", args=[team.strategy.uuid]), persona_data()
    )
    persona = BuyerPersona.objects.get(strategy=team.strategy)
    assert response.status_code == 302
    assert persona.goals == ["Great coffee at home", "Learn to taste origins"]
    assert persona.interests == []
    assert persona.sources == ["survey", "interview"]
    assert not persona.is_assumption_only


def test_b2c_hides_company_fields(client_for, team):
    team.strategy.business_model = BusinessModel.B2C
    team.strategy.save()
    client = client_for(team.editor)
    page = client.get(reverse("personas:create", args=[team.strategy.uuid]))
    assert 'name="company_size"' not in page.text
    client.post(reverse("personas:create", args=[team.strategy.uuid]), persona_data())
    persona = BuyerPersona.objects.get(strategy=team.strategy)
    assert persona.company_size == "" and persona.company_industry == ""


def test_b2b_asks_for_company_size_and_industry(client_for, team):
    team.strategy.business_model = BusinessModel.B2B
    team.strategy.save()
    client = client_for(team.editor)
    page = client.get(reverse("personas:create", args=[team.strategy.uuid]))
    assert 'name="company_size"' in page.text and 'name="company_industry"' in page.text
    client.post(reverse("personas:create", args=[team.strategy.uuid]), persona_data())
    assert BuyerPersona.objects.get(strategy=team.strategy).company_industry == "Software"


def test_bad_ranges_are_refused_and_nothing_typed_is_lost(client_for, team):
    response = client_for(team.editor).post(
        reverse("personas:create", args=[team.strategy.uuid]),
        persona_data(age_min="50", age_max="30", income_min="90000", income_max="1000"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["age_max"] == ["The upper age is below the lower one."]
    assert errors["income_max"] == ["The upper income is below the lower one."]
    assert "Great coffee at home\nLearn to taste origins" in response.text
    assert not BuyerPersona.objects.exists()


def test_a_source_is_required(client_for, team):
    response = client_for(team.editor).post(
        reverse("personas:create", args=[team.strategy.uuid]), persona_data(sources=[])
    )
    assert "Say where the facts come from" in response.context["form"].errors["sources"][0]


def test_assumption_only_persona_is_flagged(client_for, team):
    BuyerPersonaFactory(strategy=team.strategy, name="Guess", sources=[EvidenceSource.ASSUMPTION])
    BuyerPersonaFactory(strategy=team.strategy, name="Known", sources=[EvidenceSource.SURVEY])
    response = client_for(team.viewer).get(step_url(team.strategy))
    assert response.text.count("Based on assumptions only") == 1


def test_editor_edits_a_persona(client_for, team):
    persona = BuyerPersonaFactory(strategy=team.strategy)
    url = reverse("personas:edit", args=[team.strategy.uuid, persona.pk])
    client = client_for(team.editor)
    assert "Great coffee" not in client.get(url).text
    client.post(url, {**persona_data(name="Renamed"), "edit_version": persona.edit_version})
    persona.refresh_from_db()
    assert persona.name == "Renamed"


def test_duplicate_within_the_strategy(client_for, team):
    persona = BuyerPersonaFactory(strategy=team.strategy, name="Hannah")
    client_for(team.editor).post(
        reverse("personas:duplicate", args=[team.strategy.uuid, persona.pk])
    )
    names = list(team.strategy.personas.values_list("name", flat=True))
    assert names == ["Hannah", "Hannah (copy)"]


def test_copy_from_another_strategy_i_belong_to(client_for, team):
    mine = MembershipFactory(user=team.editor, role=Role.VIEWER).strategy
    source = BuyerPersonaFactory(strategy=mine, name="Borrowed", goals=["One", "Two"])
    foreign = BuyerPersonaFactory(strategy=StrategyFactory(), name="Secret")
    client = client_for(team.editor)
    url = reverse("personas:copy", args=[team.strategy.uuid])
    page = client.get(url)
    assert "Borrowed" in page.text
    assert "Secret" not in page.text
    client.post(url, {"persona": source.pk})
    copy = team.strategy.personas.get()
    assert (copy.name, copy.goals) == ("Borrowed", ["One", "Two"])
    # A persona from a strategy I do not belong to cannot be copied.
    response = client.post(url, {"persona": foreign.pk})
    assert "persona" in response.context["form"].errors
    assert team.strategy.personas.count() == 1


def test_delete_after_confirmation(client_for, team):
    persona = BuyerPersonaFactory(strategy=team.strategy)
    url = reverse("personas:delete", args=[team.strategy.uuid, persona.pk])
    client = client_for(team.editor)
    assert "Yes, delete it" in client.get(url).text
    assert BuyerPersona.objects.filter(pk=persona.pk).exists()
    client.post(url)
    assert not BuyerPersona.objects.filter(pk=persona.pk).exists()


def test_reorder_with_htmx_returns_the_list(client_for, team):
    first = BuyerPersonaFactory(strategy=team.strategy, name="First")
    second = BuyerPersonaFactory(strategy=team.strategy, name="Second")
    url = reverse("personas:move", args=[team.strategy.uuid, second.pk])
    response = client_for(team.editor).post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.index("Second") < response.text.index("First")
    assert list(team.strategy.personas.values_list("name", flat=True)) == ["Second", "First"]
    assert "<html" not in response.text
    first.refresh_from_db()


def test_reorder_without_script_redirects(client_for, team):
    BuyerPersonaFactory(strategy=team.strategy, name="First")
    second = BuyerPersonaFactory(strategy=team.strategy, name="Second")
    url = reverse("personas:move", args=[team.strategy.uuid, second.pk])
    response = client_for(team.editor).post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response.url.endswith(f"#persona-{second.pk}")


def test_step_page_queries_do_not_grow_with_personas(
    client_for, team, django_assert_max_num_queries
):
    client = client_for(team.viewer)
    BuyerPersonaFactory(strategy=team.strategy)
    # Among them: the open comment counts, the profile (the name in the account menu).
    with django_assert_max_num_queries(11) as few:
        client.get(step_url(team.strategy))
    BuyerPersonaFactory.create_batch(15, strategy=team.strategy)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(step_url(team.strategy))


def test_step_is_complete_with_demographic_and_psychographic_facts(client_for, team):
    from strategy_planner.wizard import Progress

    def personas_done():
        return Progress(team.strategy).steps[1].complete

    BuyerPersonaFactory(
        strategy=team.strategy,
        location="",
        age_min=None,
        age_max=None,
        income_min=None,
        income_max=None,
        job_title="",
    )
    assert not personas_done()
    BuyerPersonaFactory(
        strategy=team.strategy, goals=[], challenges=[], interests=[], priorities=[]
    )
    assert not personas_done()
    BuyerPersonaFactory(strategy=team.strategy)
    assert personas_done()
