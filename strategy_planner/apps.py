from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyPlannerConfig(AppConfig):
    name = "strategy_planner"
    verbose_name = _("Strategy Planner")

    def ready(self):
        from strategy_planner import content_version

        content_version.connect()
