"""Planned outage notices (ND 224/2026/NĐ-CP, Điều 13: a planned interruption of the site is announced
at least 7 working days ahead): the notice and its rules (models), which notices a page shows and how
that reaches cached pages (banner), the admin's short-notice warning (admin)."""
