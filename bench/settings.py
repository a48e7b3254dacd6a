"""The project's settings as production runs them, on the benchmark's own database.

DEBUG is off (so templates are cached and nothing is collected per query), the
cache is in-process, background tasks run where they are enqueued, and the
database is the throwaway one the runner chose (DATABASE_URL) — never
db.sqlite3. Values a `.env` file would give do not apply here.
"""

import os
import warnings

os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"  # plain HTTP on loopback
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-any-real-deployment")

from strategy_planner.settings import *  # noqa: F403
from strategy_planner.settings import BASE_DIR, INSTALLED_APPS, STORAGES, TEMPLATES

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# Plain HTTP on loopback: the cookies must travel without TLS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# In process, holding as many entries as the production file cache does.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
if "django_tasks" in INSTALLED_APPS or "django_tasks_db" in INSTALLED_APPS:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Static files are not served by the benchmarks; no collectstatic needed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
warnings.filterwarnings("ignore", message="No directory at")
# Bench users never log in with a password; keep creating them cheap.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
