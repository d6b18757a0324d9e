"""Published schedules: the citizen reception schedule (lịch tiếp công dân, ND 154/2026 Điều 11) and
the leaders' weekly work calendar (lịch công tác tuần), as page types whose entries are data: a week
view with previous/next week, a day view, a print view and an iCalendar feed per calendar (pages),
the entries and their rules (models), the week arithmetic (weeks), the feed (ical)."""
