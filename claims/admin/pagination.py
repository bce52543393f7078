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

    def __init__(self, *args, counted: tuple[int, bool] | None = None, **kwargs):
        """`counted`: the rows' (count, is_estimate) as `count_rows` gave them, where the caller
        has counted them already (a search, to choose its order)."""
        super().__init__(*args, **kwargs)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        count, self.count_is_estimate = self.counted or self.count_rows(self.object_list)
        return count

    @staticmethod
    def count_rows(queryset) -> tuple[int, bool]:
        if queryset.query.has_filters():
            return page_count(queryset, limit=EXACT_LIMIT)
        estimate = table_estimate(queryset.model)
        if estimate > EXACT_LIMIT:
            return estimate, True
        return bounded_count(queryset)
