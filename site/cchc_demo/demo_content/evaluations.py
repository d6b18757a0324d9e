"""Demo one-stop evaluations (TT 01/2018/TT-VPCP) on the demo's counters, for the quarters of 2026.

Idempotent: an evaluation is found by its dossier code; counters get the one-stop shop as their unit
only when they have none. Counter 1 has enough dossiers each quarter to be published, counter 2 too
few (kept unpublished), counter 3 starts in the third quarter.
"""

import datetime
import random

from django.utils import timezone

from cchc_pages.models import OrganisationUnit
from feedback.evaluation import indicators
from feedback.models import DossierEvaluation, RatingTarget

YEAR = 2026
# (counter code, quarters, dossiers per quarter, the receiving agency's code in the dossier code)
PLAN = [("quay-1", (1, 2, 3, 4), 6, "H40.22"), ("quay-2", (1, 2, 3, 4), 3, "H40.23"), ("quay-3", (3, 4), 5, "H40.24")]
# Chances of 2, 1 and 0 points: most dossiers go well, some not.
WEIGHTS = (70, 22, 8)


def _when(quarter, k):
    start = datetime.datetime(YEAR, 3 * quarter - 2, 1, 8, 0)
    moment = start + datetime.timedelta(days=3 + 9 * k, hours=k % 7)
    return min(timezone.make_aware(moment), timezone.now() - datetime.timedelta(days=1))


def load(command, home, site):
    unit = OrganisationUnit.objects.filter(kind="one_stop").order_by("pk").first()
    if unit is not None:
        RatingTarget.objects.filter(code__in=[code for code, *_ in PLAN], unit__isnull=True).update(unit=unit)
    targets = {t.code: t for t in RatingTarget.objects.filter(code__in=[code for code, *_ in PLAN])}
    wanted = []
    for code, quarters, per_quarter, agency in PLAN:
        if code not in targets:
            continue
        for quarter in quarters:
            for k in range(per_quarter):
                when = _when(quarter, k)
                if when.year != YEAR or (when.month - 1) // 3 + 1 != quarter:
                    continue  # a quarter not yet far enough along
                wanted.append((f"{agency}-{when:%y%m%d}-{k + 1:04d}", targets[code], when))
    have = set(
        DossierEvaluation.objects.filter(dossier_code__in=[w[0] for w in wanted]).values_list("dossier_code", flat=True)
    )
    new = []
    for dossier_code, target, when in wanted:
        if dossier_code in have:
            continue
        draw = random.Random(dossier_code)
        scores = {field: draw.choices((2, 1, 0), WEIGHTS)[0] for field in indicators.FIELDS}
        new.append(
            DossierEvaluation(
                dossier_code=dossier_code,
                target=target,
                unit=target.unit,
                created_at=when,
                rated_at=when,
                recorded_at=when + datetime.timedelta(hours=2),
                **scores,
            )
        )
    DossierEvaluation.objects.bulk_create(new)
    command.stdout.write(f"Demo one-stop evaluations ready: {len(new)} added, {len(have)} already there.")
