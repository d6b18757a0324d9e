"""Wagtail's privacy check of a page in one query instead of two."""

from django.db.models import Q
from wagtail.models import PageViewRestriction


class ViewRestrictionsInOneQuery:
    """For a Page subclass read on every request (news sections and articles)."""

    def get_view_restrictions(self):
        """The view restrictions of this page and its ancestors, as Wagtail's get_view_restrictions
        returns them (an alias's are its source page's), without first reading the ancestors:
        their tree paths are the prefixes of this page's."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        in_branch = Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        return PageViewRestriction.objects.filter(in_branch).distinct()
