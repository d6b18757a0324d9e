"""A wagtail-modeladmin base whose every view checks a permission.

wagtail-modeladmin's history view checks none: any user with admin access could open
/admin/<app>/<model>/history/<pk>/ and read the object's title (a submission's tracking code and
subject) and its log. GuardedModelAdmin's history view needs what the object's other views need:
the right to edit it, or, for a model that is inspected rather than edited (submissions), the
right to inspect it."""

from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView


class PermittedHistoryView(HistoryView):
    def check_action_permitted(self, user):
        helper = self.permission_helper
        return helper.user_can_edit_obj(user, self.instance) or helper.user_can_inspect_obj(user, self.instance)


class GuardedModelAdmin(ModelAdmin):
    history_view_class = PermittedHistoryView
