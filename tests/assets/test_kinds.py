"""A Google Business Profile is owned media and a review site earned media, as the
method says: the inventory offers each under its own media type only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assets.forms import grouped_kind_choices
from assets.models import KINDS_BY_MEDIA_TYPE, Asset, Kind, MediaType
from tests.factories import AssetFactory


def url(name, strategy, *args):
    return reverse(f"assets:{name}", args=[strategy.uuid, *args])


def test_the_business_profile_is_owned_and_review_sites_earned():
    assert Kind.BUSINESS_PROFILE in KINDS_BY_MEDIA_TYPE[MediaType.OWNED]
    assert Kind.REVIEW_SITE in KINDS_BY_MEDIA_TYPE[MediaType.EARNED]
    for media in (MediaType.EARNED, MediaType.PAID):
        assert Kind.BUSINESS_PROFILE not in KINDS_BY_MEDIA_TYPE[media]
    for media in (MediaType.OWNED, MediaType.PAID):
        assert Kind.REVIEW_SITE not in KINDS_BY_MEDIA_TYPE[media]


def test_the_inventory_form_groups_them_with_their_media_type():
    groups = {
        str(label): [value for value, _name in kinds] for label, kinds in grouped_kind_choices()[1:]
    }
    assert "business_profile" in groups[str(MediaType.OWNED.label)]
    assert "review_site" in groups[str(MediaType.EARNED.label)]


@pytest.mark.parametrize(
    ("media_type", "kind", "fits"),
    [
        ("owned", "business_profile", True),
        ("paid", "business_profile", False),
        ("earned", "review_site", True),
        ("owned", "review_site", False),
    ],
)
def test_a_kind_fits_only_its_media_type(team, media_type, kind, fits):
    asset = AssetFactory.build(strategy=team.strategy, media_type=media_type, kind=kind)
    if fits:
        asset.full_clean()
    else:
        with pytest.raises(ValidationError) as raised:
            asset.full_clean()
        assert "kind" in raised.value.error_dict


def test_an_editor_adds_the_clinics_business_profile(client_for, team):
    response = client_for(team.editor).post(
        url("inventory", team.strategy),
        {
            "new-name": "Google Business Profile, Old Town clinic",
            "new-media_type": "owned",
            "new-kind": "business_profile",
            "new-platform": "",
            "new-url": "",
        },
    )
    assert response.status_code in (200, 302)
    asset = Asset.objects.get(strategy=team.strategy)
    assert (asset.media_type, asset.kind) == ("owned", "business_profile")
    page = client_for(team.editor).get(url("inventory", team.strategy)).text
    assert "Google Business Profile (map listing)" in page


def test_a_review_site_is_listed_with_the_earned_media(client_for, team):
    AssetFactory(
        strategy=team.strategy, name="Doctolib reviews", media_type="earned", kind="review_site"
    )
    page = client_for(team.viewer).get(url("earned", team.strategy)).text
    assert "Doctolib reviews" in page
