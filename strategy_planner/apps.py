from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyPlannerConfig(AppConfig):
    name = "strategy_planner"
    verbose_name = _("Strategy Planner")

    def ready(self):
        from django.core import checks as django_checks

        from strategy_planner import checks, content_version

        content_version.connect()
        # No tag: collectstatic runs only the checks tagged "staticfiles", so never this one.
        django_checks.register(checks.static_files_collected)
