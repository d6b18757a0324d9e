"""Roll-ups of the one-stop evaluations per officer, counter, unit and quarter.

One aggregate query gives the cells (target, unit, year, quarter) with, per indicator, the sum and
the count of the scores given; every roll-up is a sum of cells, made in Python. So a report costs
three queries (cells, targets, units) whatever its number of rows.

Publication (the suppression rule of the polls, CCHC_POLL_MIN_PUBLISHED_VOTES): a cell with fewer
evaluations than the minimum is never published, and every published roll-up (one counter in one
quarter, one unit in one quarter, all of a quarter) is a sum of published cells only. No hidden
cell can then be found by subtracting published numbers from one another.
"""

from django.db.models import Count, F, Q, Sum

from cchc_pages.directory.models import OrganisationUnit

from ..polls import conf
from ..polls.models import RatingTarget
from . import indicators
from .models import DossierEvaluation

TARGET = "target"
UNIT = "unit"
QUARTER = "quarter"
DIMENSIONS = (TARGET, UNIT, QUARTER)


class Rollup:
    """Sums of evaluations: count, complete ones, their totals, and per indicator sum and count."""

    def __init__(self, key=None, label="", kind="", year=None, quarter=None):
        self.key, self.label, self.kind, self.year, self.quarter = key, label, kind, year, quarter
        self.n = self.complete = self.total_sum = 0
        self.sums = [0] * len(indicators.INDICATORS)
        self.counts = [0] * len(indicators.INDICATORS)

    def add(self, other):
        self.n += other.n
        self.complete += other.complete
        self.total_sum += other.total_sum
        for k in range(len(self.sums)):
            self.sums[k] += other.sums[k]
            self.counts[k] += other.counts[k]

    @property
    def quarter_label(self):
        return f"Q{self.quarter}/{self.year}" if self.year else ""

    @property
    def averages(self):
        """Average points per indicator (None where no score was given), in the Phụ lục's order."""
        return [round(s / c, 2) if c else None for s, c in zip(self.sums, self.counts, strict=True)]

    @property
    def average_total(self):
        """Average points of the complete evaluations (all nine scores given), out of 18."""
        return round(self.total_sum / self.complete, 2) if self.complete else None

    def as_dict(self):
        return {
            "quarter": self.quarter_label,
            "evaluations": self.n,
            "complete": self.complete,
            "average_total": self.average_total,
            "max_total": indicators.MAX_TOTAL,
            "indicators": [
                {"number": ind.number, "average": avg, "scores": count}
                for ind, avg, count in zip(indicators.INDICATORS, self.averages, self.counts, strict=True)
            ],
        }


def cells(queryset=None):
    """[(target_id, unit_id, year, quarter, Rollup)] in one aggregate query."""
    queryset = DossierEvaluation.objects.all() if queryset is None else queryset
    total = sum((F(field) for field in indicators.FIELDS[1:]), F(indicators.FIELDS[0]))
    aggregates = {"n": Count("pk"), "complete": Count("pk", filter=_complete()), "total_sum": Sum(total)}
    for field in indicators.FIELDS:
        aggregates[f"{field}_sum"] = Sum(field)
        aggregates[f"{field}_n"] = Count(field)
    rows = (
        queryset.values("target_id", "unit_id", "created_at__year", "created_at__quarter")
        .annotate(**aggregates)
        .order_by()
    )
    out = []
    for row in rows:
        cell = Rollup(year=row["created_at__year"], quarter=row["created_at__quarter"])
        cell.n, cell.complete, cell.total_sum = row["n"], row["complete"], row["total_sum"] or 0
        cell.sums = [row[f"{field}_sum"] or 0 for field in indicators.FIELDS]
        cell.counts = [row[f"{field}_n"] for field in indicators.FIELDS]
        out.append((row["target_id"], row["unit_id"], cell.year, cell.quarter, cell))
    return out


def _complete():
    query = Q()
    for field in indicators.FIELDS:
        query &= Q(**{f"{field}__isnull": False})
    return query


def rollups(by=TARGET, published_only=True, queryset=None, of_cells=None):
    """Roll-ups per `by` (TARGET: each counter or officer; UNIT: each unit; QUARTER: everything)
    and quarter, newest quarter first, then by name. With `published_only`, only published cells
    are summed and a roll-up made of none is left out. `of_cells`: cells() already read, so that
    several roll-ups of one page cost one aggregate query."""
    minimum = conf.get("CCHC_POLL_MIN_PUBLISHED_VOTES")
    of_cells = cells(queryset) if of_cells is None else of_cells
    found = [c for c in of_cells if not published_only or c[4].n >= minimum]
    groups = {}
    for target_id, unit_id, year, quarter, cell in found:
        key = {TARGET: target_id, UNIT: unit_id, QUARTER: None}[by]
        if by != QUARTER and key is None:
            continue
        if (key, year, quarter) not in groups:
            groups[(key, year, quarter)] = Rollup(key, year=year, quarter=quarter)
        groups[(key, year, quarter)].add(cell)
    keys = {key for key, _year, _quarter in groups}
    if by == TARGET:
        names = {t.pk: (str(t), t.get_kind_display()) for t in RatingTarget.objects.filter(pk__in=keys)}
    elif by == UNIT:
        names = {u.pk: (u.name, "") for u in OrganisationUnit.objects.filter(pk__in=keys).only("pk", "name")}
    else:
        names = {None: ("", "")}
    out = list(groups.values())
    for rollup in out:
        rollup.label, rollup.kind = names.get(rollup.key, ("", ""))
    out.sort(key=lambda r: (-r.year, -r.quarter, str(r.label)))
    return out


def published(by=TARGET, of_cells=None):
    return rollups(by, published_only=True, of_cells=of_cells)
