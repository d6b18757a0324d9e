"""Citizens' "phản ánh, kiến nghị": submit, track, answer and publish.

The data (models), the two page types (pages), settings (conf), the working-day calendar
(workdays), attachment checks and private storage (files), the public forms (forms), the workflow
with its audit trail and notices (workflow), the public views and the attachment download
(views), the admin (admin) and the periodic report (report).
"""
