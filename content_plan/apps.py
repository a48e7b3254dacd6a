from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentPlanConfig(AppConfig):
    name = "content_plan"
    verbose_name = _("Owned media: content")
