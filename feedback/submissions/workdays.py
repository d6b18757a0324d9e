"""The working-day calendar of the feedback workflow's deadlines; it lives in cchc_pages.core.workdays,
shared with the outage notices, and is re-exported here so existing imports keep working."""

from cchc_pages.core.workdays import add_working_days, holidays_between, is_working_day

__all__ = ["add_working_days", "holidays_between", "is_working_day"]
