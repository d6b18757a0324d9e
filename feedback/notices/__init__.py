"""Notices to citizens by text message (SMS, Zalo): a small pluggable sender interface, a console
sender for development and the Zalo Notification Service (ZNS) sender. A notice carries the
tracking code and the link to the look-up page, nothing else (see senders.PhoneNotice)."""
