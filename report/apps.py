from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "report"
    verbose_name = _("Strategy document")

    def ready(self):
        from report.pdf import schedule_render_ahead
        from strategy_planner.signals import content_changed

        content_changed.connect(schedule_render_ahead, dispatch_uid="report-render-ahead")
