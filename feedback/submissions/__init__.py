"""Citizens' "phản ánh, kiến nghị" (issue 6): submit, track, answer and publish.

Models live in feedback/models/submissions.py; this package holds the rest: settings (conf),
the working-day calendar (workdays), attachment checks and private storage (files), the public
form (forms), the workflow with its audit trail and notices (workflow), admin views (admin),
and the publication helpers (publish).
"""
