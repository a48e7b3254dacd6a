"""Step 7 and the document's preview take a pinned number of queries, the same for a
strategy with one of everything and for one with a dozen."""

from tests.strategy_planner.test_query_counts import small_and_large


def test_the_consolidate_page_takes_a_pinned_number_of_queries(team, client_for):
    small, large = small_and_large(team, client_for(team.owner), "report:consolidate")
    assert (small, large) == (15, 15)


def test_the_document_preview_takes_a_pinned_number_of_queries(team, client_for):
    small, large = small_and_large(team, client_for(team.owner), "report:document")
    assert (small, large) == (35, 35)
