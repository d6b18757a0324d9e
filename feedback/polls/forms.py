"""The poll's admin form: answers are frozen once votes exist (adding one stays allowed)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class PollAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        poll = self.instance
        choices = self.formsets.get("choices")
        if choices is None:
            return cleaned
        choices.errors  # noqa: B018 -- cleans the answer forms (deleted_forms stays empty while the formset is invalid)
        if poll.pk and poll.ballots.exists():
            self._check_frozen_answers(poll, choices)
        kept = [f for f in choices.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")]
        if len(kept) < 2:
            raise ValidationError(_("A poll needs at least two answers."))
        return cleaned

    def _check_frozen_answers(self, poll, choices):
        for form in choices.forms:
            if not form.instance.pk:
                continue  # a new answer: allowed at any time
            if getattr(form, "cleaned_data", {}).get("DELETE"):
                raise ValidationError(
                    _(
                        "The answer “%(label)s” cannot be removed: this poll already has votes. "
                        "You can still add answers."
                    )
                    % {"label": form.instance.label}
                )
            if "label" in form.changed_data:
                form.add_error("label", _("Answers cannot be reworded once the poll has votes."))
        if self.cleaned_data.get("multiple") is False and poll.multiple:
            self.add_error("multiple", _("A poll with votes cannot change from several answers to one."))
