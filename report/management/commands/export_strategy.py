from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from report.document import build_document
from report.pdf import PAGE_SIZES, render_pdf
from report.xlsx import strategy_workbook
from strategy_planner.models import Strategy


class Command(BaseCommand):
    help = "Export a strategy's document, e.g. export_strategy <uuid> --pdf out.pdf --xlsx out.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("uuid", help="The strategy's UUID (it is in the strategy's URLs).")
        parser.add_argument("--pdf", type=Path, help="Write the PDF document to this file.")
        parser.add_argument("--xlsx", type=Path, help="Write the workbook to this file.")
        parser.add_argument(
            "--page-size", choices=sorted(PAGE_SIZES), default="a4", help="PDF paper size."
        )

    def handle(self, *args, uuid, pdf, xlsx, page_size, **options):
        try:
            strategy = Strategy.objects.get(uuid=uuid)
        except (Strategy.DoesNotExist, ValidationError) as error:
            raise CommandError(f"No strategy with the UUID {uuid}.") from error
        if not (pdf or xlsx):
            raise CommandError("Say what to export, e.g. --pdf out.pdf or --xlsx out.xlsx")
        document = build_document(strategy)
        if pdf:
            pdf.write_bytes(render_pdf(document, page_size))
            self.stdout.write(self.style.SUCCESS(f"Wrote {pdf} ({pdf.stat().st_size:,} bytes)"))
        if xlsx:
            xlsx.write_bytes(strategy_workbook(document))
            self.stdout.write(self.style.SUCCESS(f"Wrote {xlsx} ({xlsx.stat().st_size:,} bytes)"))
