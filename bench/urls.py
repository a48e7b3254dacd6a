"""The project's URLs plus the bare page the throughput floor is measured on."""

from django.urls import path

from bench.views import bare_rows
from strategy_planner.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/bare/", bare_rows, name="bench_bare"), *project_urlpatterns]
