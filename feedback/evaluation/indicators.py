"""The nine indicators of the one-stop evaluation ("Bộ chỉ số đánh giá việc giải quyết thủ tục
hành chính"), Phụ lục of Thông tư 01/2018/TT-VPCP, implementing Nghị định 61/2018/NĐ-CP Điều 30
("Nội dung đánh giá"): each indicator scores 0, 1 or 2 points, 18 points for one dossier at most.

Who gives each score (SOURCE): the citizen on the rating form ("citizen"), or the one-stop shop
from the dossier itself ("dossier": times from the dossier's record, where it was received, the
online service), recorded in the admin. The indicators' names follow the regulation's wording; the
wording of the three levels of each indicator is ours where the text could not be checked, see
docs/one-stop-evaluation.md.
"""

from django.utils.translation import pgettext_lazy

CITIZEN = "citizen"
DOSSIER = "dossier"
MAX_POINTS = 2


class Indicator:
    def __init__(self, number, source, label, levels):
        self.number = number
        self.field = f"i{number}"
        self.source = source
        self.label = label
        # {points: wording}, best first.
        self.levels = levels

    @property
    def choices(self):
        return [(points, self.levels[points]) for points in (2, 1, 0)]

    def __repr__(self):
        return f"<Indicator {self.number}>"


def _levels(two, one, zero):
    return {2: two, 1: one, 0: zero}


INDICATORS = [
    Indicator(
        1,
        DOSSIER,
        pgettext_lazy("one-stop indicator", "Total time taken to settle the procedure compared with the time set"),
        _levels(
            pgettext_lazy("one-stop level", "Before the deadline"),
            pgettext_lazy("one-stop level", "On time"),
            pgettext_lazy("one-stop level", "Late"),
        ),
    ),
    Indicator(
        2,
        DOSSIER,
        pgettext_lazy("one-stop indicator", "Time taken by each agency or unit involved in settling the procedure"),
        _levels(
            pgettext_lazy("one-stop level", "Before the deadline"),
            pgettext_lazy("one-stop level", "On time"),
            pgettext_lazy("one-stop level", "Late"),
        ),
    ),
    Indicator(
        3,
        CITIZEN,
        pgettext_lazy("one-stop indicator", "Number of times you had to contact the desk to complete the dossier"),
        _levels(
            pgettext_lazy("one-stop level", "No further contact needed to complete the dossier"),
            pgettext_lazy("one-stop level", "Contacted once"),
            pgettext_lazy("one-stop level", "More than once, unless the applicant was at fault"),
        ),
    ),
    Indicator(
        4,
        CITIZEN,
        pgettext_lazy("one-stop indicator", "Number of agencies, units or organisations you had to contact"),
        _levels(
            pgettext_lazy("one-stop level", "No agency, unit or organisation to contact"),
            pgettext_lazy("one-stop level", "One agency, unit or organisation"),
            pgettext_lazy("one-stop level", "More than one agency, unit or organisation"),
        ),
    ),
    Indicator(
        5,
        DOSSIER,
        pgettext_lazy("one-stop indicator", "Dossier received, settled and returned at the one-stop desk"),
        _levels(
            pgettext_lazy("one-stop level", "Entirely at the one-stop desk"),
            pgettext_lazy("one-stop level", "Partly at the one-stop desk"),
            pgettext_lazy("one-stop level", "Not at the one-stop desk"),
        ),
    ),
    Indicator(
        6,
        CITIZEN,
        pgettext_lazy("one-stop indicator", "Publication of the administrative procedure"),
        _levels(
            pgettext_lazy("one-stop level", "Published in full and correctly"),
            pgettext_lazy("one-stop level", "Published, but incomplete or inaccurate"),
            pgettext_lazy("one-stop level", "Not published"),
        ),
    ),
    Indicator(
        7,
        CITIZEN,
        pgettext_lazy(
            "one-stop indicator", "Attitude of the officers who guided you, received and settled the dossier"
        ),
        _levels(
            pgettext_lazy("one-stop level", "Proper and helpful"),
            pgettext_lazy("one-stop level", "Proper but not helpful"),
            pgettext_lazy("one-stop level", "Improper, troublesome or harassing"),
        ),
    ),
    Indicator(
        8,
        CITIZEN,
        pgettext_lazy("one-stop indicator", "Response to the feedback and requests of organisations and individuals"),
        _levels(
            pgettext_lazy("one-stop level", "No feedback needed, or answered in full"),
            pgettext_lazy("one-stop level", "Answered late or in part"),
            pgettext_lazy("one-stop level", "Not answered"),
        ),
    ),
    Indicator(
        9,
        DOSSIER,
        pgettext_lazy("one-stop indicator", "Progress and quality of the online public service"),
        _levels(
            pgettext_lazy("one-stop level", "Dossier handled online, on time"),
            pgettext_lazy("one-stop level", "Online in part"),
            pgettext_lazy("one-stop level", "Not online"),
        ),
    ),
]

FIELDS = [indicator.field for indicator in INDICATORS]
CITIZEN_INDICATORS = [indicator for indicator in INDICATORS if indicator.source == CITIZEN]
DOSSIER_INDICATORS = [indicator for indicator in INDICATORS if indicator.source == DOSSIER]
MAX_TOTAL = MAX_POINTS * len(INDICATORS)
# The staff-attitude indicator: the old single-answer counter ratings map onto it (migration 0010).
ATTITUDE = INDICATORS[6]
