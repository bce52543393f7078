"""A paginator for the claims list that never counts a million rows on a page load."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from claims.counting import EXACT_LIMIT, bounded_count, page_count, table_estimate


class EstimatedCountPaginator(Paginator):
    """Exact counts up to `EXACT_LIMIT` rows; beyond, PostgreSQL's estimate: the table's own for
    the unfiltered list, the planner's for a filtered or searched one, which is not counted at
    all where the planner expects many rows (`page_count`, as in the API). `count_is_estimate`
    says which."""

    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if queryset.query.has_filters():
            count, self.count_is_estimate = page_count(queryset, limit=EXACT_LIMIT)
            return count
        estimate = table_estimate(queryset.model)
        if estimate > EXACT_LIMIT:
            self.count_is_estimate = True
            return estimate
        count, self.count_is_estimate = bounded_count(queryset)
        return count
