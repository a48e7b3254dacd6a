import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_planner.settings")
application = get_wsgi_application()

# The application server runs no system checks of its own: the one that keeps a
# production start-up from serving nothing but errors runs here.
from strategy_planner.checks import stop_unless_ready  # noqa: E402

stop_unless_ready()
