"""Settings of the notices by text message, each with its documented default (docs/settings.md)."""

from cchc_pages.core.conf import reader

DEFAULTS = {
    # Dotted path of the class that sends notices to a phone number (a subclass of
    # feedback.notices.senders.PhoneSender). None: no notice by text message, and the feedback form
    # does not offer one.
    "CCHC_FEEDBACK_PHONE_SENDER": None,
    # Zalo Notification Service (feedback.notices.zalo.ZaloZNSSender): the official account's access
    # token, the ID of the approved template of each notice ("received", "accepted", "answered",
    # "rejected", "merged"; a notice without one is not sent), the API's address and the seconds to
    # wait for its reply.
    "CCHC_ZALO_ZNS_ACCESS_TOKEN": None,
    "CCHC_ZALO_ZNS_TEMPLATES": {},
    "CCHC_ZALO_ZNS_URL": "https://business.openapi.zalo.me/message/template",
    "CCHC_ZALO_ZNS_TIMEOUT": 5,
}

get = reader(DEFAULTS)
