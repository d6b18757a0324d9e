"""Notices through the Zalo Notification Service (ZNS), Zalo's service for transactional messages
from an official account to a phone number's Zalo account, as its public documentation describes
it (developers.zalo.me, "Gửi ZNS"): POST https://business.openapi.zalo.me/message/template with
the official account's token in an `access_token` header and a JSON body

    {"phone": "84912345678", "template_id": "...", "template_data": {...}, "tracking_id": "..."}

answered by {"error": 0, "message": "Success", "data": {"msg_id": ..., "sent_time": ...}} or, on
failure, a negative `error` with its message (e.g. -124: the access token is invalid or expired,
-108: the phone number is invalid). Each notice is a template the department registers and Zalo
approves beforehand, with two parameters: `tracking_code` and `lookup_url` (nothing else is ever
sent). The token expires and is renewed by the official account's OAuth flow, outside this sender:
the site is given the current one in CCHC_ZALO_ZNS_ACCESS_TOKEN, or a subclass overrides
access_token()."""

import json
import logging
import re
import urllib.error
import urllib.request

from . import conf
from .senders import PhoneSender, SendError

logger = logging.getLogger("feedback")


class ZaloZNSSender(PhoneSender):
    def access_token(self):
        return conf.get("CCHC_ZALO_ZNS_ACCESS_TOKEN")

    def template_id(self, notice):
        return (conf.get("CCHC_ZALO_ZNS_TEMPLATES") or {}).get(notice)

    def send(self, notice):
        template = self.template_id(notice.notice)
        if not template:
            raise SendError(f"no ZNS template is set for the {notice.notice!r} notice (CCHC_ZALO_ZNS_TEMPLATES)")
        token = self.access_token()
        if not token:
            raise SendError("no ZNS access token is set (CCHC_ZALO_ZNS_ACCESS_TOKEN)")
        body = {
            "phone": notice.international_number,
            "template_id": str(template),
            "template_data": {"tracking_code": notice.code, "lookup_url": notice.lookup_url},
            "tracking_id": f"{notice.code}-{notice.notice}"[:48],
        }
        request = urllib.request.Request(
            conf.get("CCHC_ZALO_ZNS_URL"),
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "access_token": token},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=conf.get("CCHC_ZALO_ZNS_TIMEOUT")) as response:
                raw = response.read(65536)
        except urllib.error.HTTPError as error:
            raise SendError(f"ZNS answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise SendError(f"ZNS could not be reached: {type(reason).__name__}") from None
        try:
            reply = json.loads(raw)
            code = int(reply["error"])
        except (ValueError, TypeError, KeyError):
            raise SendError("ZNS answered something that is not its JSON reply") from None
        if code != 0:
            message = re.sub(r"\d{6,}", "…", str(reply.get("message", ""))[:200])  # never a number in a log
            raise SendError(f"ZNS refused the notice: error {code} ({message})")
        data = reply.get("data") if isinstance(reply.get("data"), dict) else {}
        logger.info(
            "feedback %s: the %s notice went out through ZNS (msg_id %s)",
            notice.code,
            notice.notice,
            data.get("msg_id", ""),
        )
