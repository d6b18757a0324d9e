"""Synchronising procedures with the national procedure database (CSDLQG về TTHC) through the
LGSP/NDXP "DVCQG_INTEGRATION" services, or through a provincial proxy that wraps them.

The national database is the one source of a procedure's content: under Decree 63/2010/NĐ-CP on
the control of administrative procedures (as amended by Decrees 48/2013/NĐ-CP and 92/2017/NĐ-CP),
a procedure is published by decision and made public through that database, and portals take
it from there. Two transports are known (docs/procedures-sync.md, and the shape specification's §1.1 and §1.2):

- ``lgsp``: POST a JSON body. First ``{username, password}`` to the authentication endpoint, whose
  reply ``{error_code: 0, session}`` gives the token; then ``{session, madonvi, service, ...}`` to the
  share endpoint (``LayDanhSachTTHC``) and to the integration endpoint (``LayThuTuc`` with
  ``maTTHC``). Replies are ``{error_code, result: [...]}``; the record is ``result[0]``.
- ``proxy``: GET ``LayDanhSachTTHCDonVi?maDonVi=`` (or ``LayDanhSachTTHC``) and
  ``LayThuTuc?maTTHC=`` under the proxy's URL, optionally with a Bearer token; the body is
  ``{message: "<the LGSP reply as a JSON string>"}``.

Every record fetched is handed as it came to ``importing.import_records``; this module knows the
envelopes, not the record. No credential (username, password, token, session) ever appears in a
message, an exception or a report: `Client.redact` removes them from anything it raises.
"""

import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.utils.translation import gettext

from ..core import conf
from .importing import import_records
from .models import ProcedurePage

logger = logging.getLogger(__name__)

MODES = ("lgsp", "proxy")
# The portal's services of a publication decision's three lists (spec §6.2; decisions.py).
DECISION_SERVICES = {
    "new": "get_procedures_by_dp_id_service_v2",
    "amended": "get_modified_procedures_by_dp_id_service_v2",
    "abolished": "get_rescinded_procedures_by_dp_id_service_v2",
}
# How much of an unexpected reply a message quotes.
_QUOTE = 120


class SyncError(Exception):
    """The run cannot go on (configuration, authentication, the list of procedures)."""


class AuthError(SyncError):
    """The service refused the credentials, or gave no session."""


class ServiceError(SyncError):
    """A call failed: unreachable after the retries, an HTTP error, an unreadable reply or an
    ``error_code`` other than 0. For one procedure it is reported and the others go on."""


def _error_code(value):
    """error_code as a number: the service may send 0 or "0" (spec §1.1); None if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def unwrap(payload, service):
    """The ``result`` of one reply, whichever envelope carries it.

    Accepts ``{error_code, result}`` (LGSP), the provincial proxies' ``{message: "<JSON>"}``
    (unwrapped as often as it is wrapped, at most three times), and a bare list. A non-zero
    ``error_code`` is a ServiceError naming the code and the service's own message."""
    for _depth in range(3):
        if isinstance(payload, dict) and isinstance(payload.get("message"), str) and "result" not in payload:
            text = payload["message"].strip()
            if text[:1] in ("{", "["):
                try:
                    payload = json.loads(text)
                    continue
                except json.JSONDecodeError:
                    raise ServiceError(
                        gettext("%(service)s: the reply's “message” is not valid JSON.") % {"service": service}
                    ) from None
        break
    if isinstance(payload, list):
        return payload
    if not isinstance(payload, dict):
        raise ServiceError(gettext("%(service)s: the reply is not a JSON object.") % {"service": service})
    if "error_code" in payload:
        code = _error_code(payload["error_code"])
        if code != 0:
            detail = payload.get("message") or payload.get("error_message") or payload.get("error") or ""
            raise ServiceError(
                gettext("%(service)s answered error_code %(code)s%(detail)s.")
                % {
                    "service": service,
                    "code": str(payload["error_code"])[:20],
                    "detail": f" ({str(detail)[:_QUOTE]})" if detail else "",
                }
            )
    if "result" not in payload:
        raise ServiceError(gettext("%(service)s: the reply has no “result”.") % {"service": service})
    return payload["result"]


@dataclass
class Settings:
    """What a client needs, read from the CCHC_TTHC_SYNC_* settings (docs/settings.md)."""

    url: str = ""
    mode: str = "lgsp"
    auth_path: str = ""
    share_path: str = ""
    integration_path: str = ""
    username: str = ""
    password: str = ""
    token: str = ""
    unit_code: str = ""
    dstcode: str = ""
    timeout: float = 6.0
    retries: int = 2
    retry_delay: float = 1.0
    agency_codes: tuple = ()

    @classmethod
    def from_conf(cls):
        def env(setting):
            name = conf.get(setting)
            return os.environ.get(name, "") if name else ""

        return cls(
            url=conf.get("CCHC_TTHC_SYNC_URL") or "",
            mode=conf.get("CCHC_TTHC_SYNC_MODE"),
            auth_path=conf.get("CCHC_TTHC_SYNC_AUTH_PATH") or "",
            share_path=conf.get("CCHC_TTHC_SYNC_SHARE_PATH") or "",
            integration_path=conf.get("CCHC_TTHC_SYNC_INTEGRATION_PATH") or "",
            username=env("CCHC_TTHC_SYNC_USERNAME_ENV"),
            password=env("CCHC_TTHC_SYNC_PASSWORD_ENV"),
            token=env("CCHC_TTHC_SYNC_TOKEN_ENV"),
            unit_code=conf.get("CCHC_TTHC_SYNC_UNIT_CODE") or "",
            dstcode=conf.get("CCHC_TTHC_SYNC_DSTCODE") or "",
            timeout=float(conf.get("CCHC_TTHC_SYNC_TIMEOUT")),
            retries=int(conf.get("CCHC_TTHC_SYNC_RETRIES")),
            retry_delay=float(conf.get("CCHC_TTHC_SYNC_RETRY_DELAY")),
            agency_codes=tuple(conf.get("CCHC_TTHC_SYNC_AGENCY_CODES") or ()),
        )

    def __repr__(self):  # never the credentials, even in a traceback's locals
        return f"Settings(url={self.url!r}, mode={self.mode!r}, unit_code={self.unit_code!r})"


class Client:
    """One conversation with the service: authenticates once (lgsp mode) and keeps the session."""

    def __init__(self, settings=None, *, opener=None):
        self.settings = settings or Settings.from_conf()
        s = self.settings
        if not s.url:
            raise SyncError(gettext("CCHC_TTHC_SYNC_URL is not set: the address of the service is unknown."))
        if not s.url.startswith(("http://", "https://")):
            raise SyncError(gettext("CCHC_TTHC_SYNC_URL must be a web address (http/https)."))
        if s.mode not in MODES:
            raise SyncError(gettext("CCHC_TTHC_SYNC_MODE must be one of %(modes)s.") % {"modes": ", ".join(MODES)})
        self.session = None
        self.opener = opener or urllib.request.build_opener()
        self.requests = 0

    def __repr__(self):
        return f"Client({self.settings!r})"

    # --- credentials never leave --------------------------------------------------------------

    def _secrets(self):
        s = self.settings
        values = [s.password, s.token, self.session, s.username]
        parsed = urllib.parse.urlsplit(s.url)
        values += [parsed.password, parsed.username]
        return [v for v in values if v and len(str(v)) >= 3]

    def redact(self, text):
        text = str(text)
        for secret in sorted(self._secrets(), key=len, reverse=True):
            text = text.replace(str(secret), "***")
            text = text.replace(urllib.parse.quote(str(secret), safe=""), "***")
        return text

    def _public_url(self, url):
        parts = urllib.parse.urlsplit(url)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return self.redact(urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", "")))

    # --- HTTP ---------------------------------------------------------------------------

    def _url(self, path, query=None):
        base = self.settings.url
        if path:
            base = base.rstrip("/") + "/" + path.lstrip("/")
        if query:
            base += ("&" if "?" in base else "?") + urllib.parse.urlencode(query)
        return base

    def _headers(self, json_body):
        headers = {"Accept": "application/json", "Charset": "utf-8", "User-Agent": "cchc-tthc-sync"}
        if json_body:
            headers["Content-Type"] = "application/json"
        if self.settings.dstcode:
            headers["dstcode"] = self.settings.dstcode
        if self.settings.mode == "proxy" and self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        return headers

    def _call(self, service, url, body=None, form=None):
        """The parsed JSON reply; retries timeouts, refused connections and 5xx replies."""
        s = self.settings
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        if form is not None:
            data = urllib.parse.urlencode(form).encode("utf-8")
        attempts = max(0, s.retries) + 1
        where = self._public_url(url)
        for attempt in range(1, attempts + 1):
            headers = self._headers(body is not None)
            if form is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
            request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
            retry_reason = None
            try:
                self.requests += 1
                with self.opener.open(request, timeout=s.timeout) as response:
                    raw = response.read()
                break
            except urllib.error.HTTPError as error:
                error.close()
                if error.code in (401, 403):
                    raise AuthError(
                        gettext("%(service)s: the service refused the credentials (HTTP %(status)s).")
                        % {"service": service, "status": error.code}
                    ) from None
                if error.code < 500:
                    raise ServiceError(
                        gettext("%(service)s: HTTP %(status)s from %(url)s.")
                        % {"service": service, "status": error.code, "url": where}
                    ) from None
                retry_reason = gettext("HTTP %(status)s") % {"status": error.code}
            except TimeoutError:
                retry_reason = gettext("no answer within %(seconds)s s") % {"seconds": s.timeout}
            except urllib.error.URLError as error:
                if isinstance(error.reason, TimeoutError):
                    retry_reason = gettext("no answer within %(seconds)s s") % {"seconds": s.timeout}
                else:
                    retry_reason = self.redact(error.reason)[:_QUOTE]
            except (ConnectionError, OSError) as error:
                retry_reason = self.redact(error)[:_QUOTE]
            logger.warning("%s: %s (attempt %s of %s, %s)", service, retry_reason, attempt, attempts, where)
            if attempt == attempts:
                raise ServiceError(
                    gettext("%(service)s: %(reason)s, after %(attempts)s attempts (%(url)s).")
                    % {"service": service, "reason": retry_reason, "attempts": attempts, "url": where}
                )
            if s.retry_delay:
                time.sleep(s.retry_delay * attempt)
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ServiceError(
                gettext("%(service)s: the reply is not JSON (%(start)s).")
                % {"service": service, "start": self.redact(raw[:40].decode("utf-8", "replace"))}
            ) from None

    def _result(self, service, url, body=None):
        try:
            return unwrap(self._call(service, url, body), service)
        except SyncError as error:
            raise type(error)(self.redact(error)) from None

    # --- the services -------------------------------------------------------------------

    def authenticate(self):
        """lgsp mode: the session token (spec §1.1: accepted when the reply has ``session`` and
        ``error_code`` 0). Nothing to do in proxy mode."""
        s = self.settings
        if s.mode != "lgsp" or self.session:
            return
        if not s.username or not s.password:
            raise AuthError(
                gettext(
                    "No credentials: set the environment variables named by CCHC_TTHC_SYNC_USERNAME_ENV "
                    "and CCHC_TTHC_SYNC_PASSWORD_ENV."
                )
            )
        service = gettext("Authentication")
        try:
            reply = self._call(service, self._url(s.auth_path), {"username": s.username, "password": s.password})
        except ServiceError as error:
            raise AuthError(self.redact(error)) from None
        code = _error_code(reply.get("error_code")) if isinstance(reply, dict) else None
        session = reply.get("session") if isinstance(reply, dict) else None
        if code != 0 or not isinstance(session, str) or not session:
            raise AuthError(
                gettext("Authentication failed: the service gave no session (error_code %(code)s).")
                % {"code": str(reply.get("error_code", "–"))[:20] if isinstance(reply, dict) else "–"}
            )
        self.session = session

    def _lgsp(self, service, path, **params):
        self.authenticate()
        body = {"session": self.session, "madonvi": self.settings.unit_code, "service": service, **params}
        return self._result(service, self._url(path), body)

    def list_procedures(self):
        """[(code, name)] of ``LayDanhSachTTHC`` (spec §2.5: only MATTHC and TENTTHC are read)."""
        s = self.settings
        if s.mode == "lgsp":
            result = self._lgsp("LayDanhSachTTHC", s.share_path)
        elif s.unit_code:
            result = self._result("LayDanhSachTTHCDonVi", self._url("LayDanhSachTTHCDonVi", {"maDonVi": s.unit_code}))
        else:
            result = self._result("LayDanhSachTTHC", self._url("LayDanhSachTTHC"))
        if not isinstance(result, list):
            raise ServiceError(gettext("%(service)s: “result” is not a list.") % {"service": "LayDanhSachTTHC"})
        items, seen = [], set()
        for item in result:
            code = item.get("MATTHC") if isinstance(item, dict) else None
            if isinstance(code, str) and code.strip() and code.strip() not in seen:
                seen.add(code.strip())
                name = item.get("TENTTHC")
                items.append((code.strip(), name if isinstance(name, str) else ""))
        return items

    def procedure(self, code):
        """The ``LayThuTuc`` record of one code, as it came (``result[0]``)."""
        s = self.settings
        if s.mode == "lgsp":
            result = self._lgsp("LayThuTuc", s.integration_path, maTTHC=code)
        else:
            result = self._result("LayThuTuc", self._url("LayThuTuc", {"maTTHC": code}))
        if isinstance(result, dict):
            result = [result]
        if not isinstance(result, list) or not result:
            raise ServiceError(gettext("LayThuTuc: no record for %(code)s.") % {"code": code})
        if not isinstance(result[0], dict):
            raise ServiceError(gettext("LayThuTuc: the record of %(code)s is not an object.") % {"code": code})
        return result[0]

    # --- the portal's decision lists (rest.jsp, spec §1.3 and §6.2) --------------------------------

    def decision_lists(self, decision_id, page_size=500):
        """{list: [row]} of one publication decision, read from the portal's ``rest.jsp`` (the
        client's URL is then CCHC_TTHC_SYNC_PORTAL_URL, see `portal_client`), page by page."""
        lists = {}
        for kind, service in DECISION_SERVICES.items():
            rows, page = [], 1
            while True:
                params = {
                    "service": service,
                    "provider": "dvcquocgia",
                    "type": "ref",
                    "id": str(decision_id),
                    "recordPerPage": page_size,
                    "pageIndex": page,
                }
                try:
                    reply = unwrap(self._call(service, self.settings.url, form={"params": json.dumps(params)}), service)
                except SyncError as error:
                    raise type(error)(self.redact(error)) from None
                if not isinstance(reply, list):
                    raise ServiceError(gettext("%(service)s: the reply is not a list.") % {"service": service})
                rows.extend(reply)
                total = _error_code(reply[0].get("AMOUNT")) if reply and isinstance(reply[0], dict) else None
                if not reply or len(reply) < page_size or (total is not None and len(rows) >= total) or page >= 100:
                    break
                page += 1
            lists[kind] = rows
        return lists


def portal_client():
    """A client of the portal's public ``rest.jsp`` (no credentials), with the sync's timeout and retries."""
    base = Settings.from_conf()
    return Client(
        Settings(
            url=conf.get("CCHC_TTHC_SYNC_PORTAL_URL"),
            mode="proxy",
            timeout=base.timeout,
            retries=base.retries,
            retry_delay=base.retry_delay,
        )
    )


# --- a run ---------------------------------------------------------------------------------


@dataclass
class SyncReport:
    listed: int = 0
    fetched: int = 0
    failed: list = field(default_factory=list)  # [(code, reason)]
    filtered_out: list = field(default_factory=list)  # codes outside CCHC_TTHC_SYNC_AGENCY_CODES
    kept_abolished: list = field(default_factory=list)  # abolished by decision: TRANGTHAI not applied
    existing: list = field(default_factory=list)  # dry run: codes already on the site
    new: list = field(default_factory=list)  # dry run: codes not yet on the site
    imported: object = None  # the ImportReport of import_records
    dry_run: bool = False
    requests: int = 0

    def lines(self):
        """The report as a reader sees it, one line each (the command prints these)."""
        out = [
            gettext("%(listed)s procedures listed, %(fetched)s fetched, %(failed)s could not be fetched.")
            % {"listed": self.listed, "fetched": self.fetched, "failed": len(self.failed)}
        ]
        for code, reason in self.failed:
            out.append(gettext("Not fetched: %(code)s: %(reason)s") % {"code": code, "reason": reason})
        if self.filtered_out:
            out.append(
                gettext("%(n)s left out by CCHC_TTHC_SYNC_AGENCY_CODES: %(codes)s")
                % {"n": len(self.filtered_out), "codes": ", ".join(self.filtered_out[:20])}
                + (" …" if len(self.filtered_out) > 20 else "")
            )
        if self.kept_abolished:
            out.append(
                gettext("%(n)s abolished by a publication decision stay abolished (TRANGTHAI not applied): %(codes)s")
                % {"n": len(self.kept_abolished), "codes": ", ".join(self.kept_abolished[:20])}
            )
        if self.dry_run:
            out.append(
                gettext("Dry run, nothing saved: %(new)s new, %(existing)s already on the site.")
                % {"new": len(self.new), "existing": len(self.existing)}
            )
        elif self.imported is not None:
            out.extend(str(rejected) for rejected in self.imported.rejected)
            out.append(self.imported.summary())
        return out


def _agency_codes(record):
    codes = set()
    publisher = record.get("MACOQUANCONGBO")
    if isinstance(publisher, str | int) and not isinstance(publisher, bool):
        codes.add(str(publisher).strip())
    agencies = record.get("COQUANTHUCHIEN")
    for agency in agencies if isinstance(agencies, list) else [agencies]:
        if isinstance(agency, dict) and isinstance(agency.get("MADONVI"), str | int):
            codes.add(str(agency["MADONVI"]).strip())
    return codes


def _site_pages(index, codes):
    pages = ProcedurePage.objects.filter(code__in=codes)
    site = index.get_site()
    return pages.descendant_of(site.root_page, inclusive=True) if site else pages.child_of(index)


def _on_site(index, codes):
    return set(_site_pages(index, codes).values_list("code", flat=True))


def sync(index, *, client=None, codes=None, dry_run=False, progress=None, user=None):
    """Fetch the list (or the given codes), then each record, and import them under `index`.

    A procedure that cannot be fetched is reported and the others go on; the import's own
    report (created, updated, rejected with the reason) is kept in `report.imported`. Raises
    SyncError only when nothing can be fetched (configuration, authentication, the list)."""
    client = client or Client()
    report = SyncReport(dry_run=dry_run)
    if codes:
        wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    else:
        wanted = [code for code, _name in client.list_procedures()]
    report.listed = len(wanted)
    records = []
    filter_codes = set(client.settings.agency_codes)
    for n, code in enumerate(wanted, start=1):
        try:
            record = client.procedure(code)
        except AuthError:
            raise
        except ServiceError as error:
            report.failed.append((code, str(error)))
            continue
        finally:
            if progress and (n % 100 == 0 or n == len(wanted)):
                progress(n, len(wanted))
        report.fetched += 1
        if filter_codes and not (_agency_codes(record) & filter_codes):
            report.filtered_out.append(code)
            continue
        records.append((gettext("LayThuTuc %(code)s") % {"code": code}, record))
    report.requests = client.requests
    # A procedure abolished by a publication decision (decisions.py) stays abolished: the service
    # may still serve its record, with TRANGTHAI 1 or a value outside the code table. Its status is
    # left out of the record (an absent field leaves the page's value), the rest is imported.
    abolished = set(
        _site_pages(index, [str(r.get("MATTHC") or "").strip() for _p, r in records])
        .filter(status="abolished")
        .exclude(abolished_decision_number="")
        .values_list("code", flat=True)
    )
    for i, (position, record) in enumerate(records):
        code = str(record.get("MATTHC") or "").strip()
        if code in abolished and "TRANGTHAI" in record:
            records[i] = (position, {k: v for k, v in record.items() if k != "TRANGTHAI"})
            report.kept_abolished.append(code)
    if dry_run:
        fetched_codes = [str(r.get("MATTHC") or "").strip() for _p, r in records]
        there = _on_site(index, [c for c in fetched_codes if c])
        report.existing = [c for c in fetched_codes if c in there]
        report.new = [c for c in fetched_codes if c not in there]
        return report
    report.imported = import_records(index, records, user=user)
    return report
