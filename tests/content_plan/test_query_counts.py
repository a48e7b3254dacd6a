"""The list of message sequences takes a pinned number of queries, the same for a
strategy with one sequence and for one with a dozen."""

from tests.strategy_planner.test_query_counts import small_and_large


def test_the_sequences_page_takes_a_pinned_number_of_queries(team, client_for):
    small, large = small_and_large(team, client_for(team.owner), "content_plan:sequences")
    assert (small, large) == (14, 14)
