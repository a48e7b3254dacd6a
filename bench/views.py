from django.shortcuts import render

from content_plan.models import ContentPiece


def bare_rows(request):
    """The floor for a page: 50 rows from the database through a template, nothing else."""
    rows = ContentPiece.objects.select_related("persona").order_by("pk")[:50]
    return render(request, "bench/bare.html", {"rows": rows})
