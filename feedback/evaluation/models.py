"""One-stop evaluation of a dossier per Thông tư 01/2018/TT-VPCP (Điều 12–15 and its Phụ lục),
implementing Nghị định 61/2018/NĐ-CP Điều 30–32 ("đánh giá việc giải quyết thủ tục hành chính");
see docs/one-stop-evaluation.md for the sources, what Nghị định 118/2025/NĐ-CP and Thông tư
03/2025/TT-VPCP carried over, and what could not be checked.

One row per dossier: the citizen rates the indicators they can judge (indicators.CITIZEN), the
one-stop shop records those that come from the dossier itself (indicators.DOSSIER). A score is
NULL until given. No personal data: the dossier code identifies a file, not a person, and the
rater's address is kept only as a salted hash, as the polls keep it.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..polls.models import RatingTarget
from . import indicators

# A dossier code: letters without marks, digits, ".", "/", "_" and "-", 64 at most (rating.normalize).
CODE = re.compile(r"^[A-Z0-9][A-Z0-9./_-]{0,63}$")
CODE_MESSAGE = _("The dossier code may contain only letters, digits, dots, slashes, underscores and hyphens.")


def _score_field(indicator):
    return models.PositiveSmallIntegerField(
        verbose_name=indicator.label,
        null=True,
        blank=True,
        choices=indicator.choices,
        validators=[MaxValueValidator(indicators.MAX_POINTS)],
    )


class DossierEvaluation(models.Model):
    """The nine 0/1/2 scores of one dossier (TT 01/2018/TT-VPCP, Phụ lục), who gave them and when."""

    dossier_code = models.CharField(
        _("dossier code"),
        max_length=64,
        blank=True,
        help_text=_("The code on the receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả), upper case, no spaces."),
    )
    procedure_code = models.CharField(
        pgettext_lazy("one-stop evaluation", "procedure code"),
        max_length=50,
        blank=True,
        help_text=_("The procedure's code (MATTHC), when known."),
    )
    target = models.ForeignKey(
        RatingTarget,
        verbose_name=pgettext_lazy("one-stop evaluation", "counter or officer"),
        related_name="evaluations",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        "cchc_pages.OrganisationUnit",
        verbose_name=pgettext_lazy("one-stop evaluation", "unit"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    i1 = _score_field(indicators.INDICATORS[0])
    i2 = _score_field(indicators.INDICATORS[1])
    i3 = _score_field(indicators.INDICATORS[2])
    i4 = _score_field(indicators.INDICATORS[3])
    i5 = _score_field(indicators.INDICATORS[4])
    i6 = _score_field(indicators.INDICATORS[5])
    i7 = _score_field(indicators.INDICATORS[6])
    i8 = _score_field(indicators.INDICATORS[7])
    i9 = _score_field(indicators.INDICATORS[8])
    # The citizen's rating: when, its token's nonce (unique: a token records once) and the hashed IP.
    rated_at = models.DateTimeField(pgettext_lazy("one-stop evaluation", "rated by the citizen at"), null=True)
    nonce = models.CharField(max_length=32, null=True, unique=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The dossier-side scores: who recorded them last, and when.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("one-stop evaluation", "recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        pgettext_lazy("one-stop evaluation", "recorded at"), null=True, blank=True, editable=False
    )
    # The counter/officer rating ballot this evaluation was made from (migration 0010), if any.
    from_ballot_id = models.BigIntegerField(null=True, unique=True, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("one-stop evaluation", "created at"), default=timezone.now)

    panels = [
        FieldPanel("dossier_code"),
        FieldRowPanel([FieldPanel("procedure_code"), FieldPanel("target"), FieldPanel("unit")]),
        MultiFieldPanel(
            [FieldPanel(indicator.field) for indicator in indicators.DOSSIER_INDICATORS],
            heading=_("Indicators from the dossier"),
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier_code"], condition=~Q(dossier_code=""), name="cchc_evaluation_dossier_once"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="cchc_evaluation_time")]
        verbose_name = _("dossier evaluation")
        verbose_name_plural = _("dossier evaluations")

    def __str__(self):
        return self.dossier_code or _("Evaluation #%(pk)s") % {"pk": self.pk}

    def clean(self):
        """The code as the citizen's form stores it (upper case, no spaces), before the uniqueness
        check, so that "hs-1" typed in the admin is the same dossier as "HS-1"."""
        super().clean()
        code = "".join(self.dossier_code.split()).upper()
        if code and not CODE.match(code):
            raise ValidationError({"dossier_code": CODE_MESSAGE})
        self.dossier_code = code

    def scores(self):
        return [getattr(self, field) for field in indicators.FIELDS]

    @property
    def total(self):
        """Points of the scores given so far (18 at most)."""
        return sum(score for score in self.scores() if score is not None)

    @property
    def complete(self):
        return all(score is not None for score in self.scores())

    @property
    def citizen_rated(self):
        return self.rated_at is not None
