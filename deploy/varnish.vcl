# Varnish between nginx and the app servers, purged by the site (README, "Front-end cache").
#
# The app servers send "PURGE <path>" with the page's Host header to every address listed in
# CCHC_FRONTEND_CACHE_URL (e.g. CCHC_FRONTEND_CACHE_URL=http://10.0.0.21:6081): the changed page
# and the listings that show it. Only the app servers may purge. Checked with `varnishd -C -f`.
vcl 4.1;

backend default {
    .host = "10.0.0.11";  # an app server, or nginx's upstream; use a director for several
    .port = "8001";
}

acl purgers {
    "127.0.0.1";
    "10.0.0.11";  # the app servers (their addresses as Varnish sees them)
    "10.0.0.12";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # A purged listing takes its deeper pages and filtered views (?page=7, ?loai=...) with it:
        # ban every object cached for the same path with any query string. Slugs are ASCII
        # (WAGTAIL_ALLOW_UNICODE_SLUGS = False), so the path is safe inside the pattern.
        if (req.url !~ "\?") {
            ban("obj.http.x-cchc-host == " + req.http.host + " && obj.http.x-cchc-url ~ ^" + req.url + "\?");
        }
        return (purge);
    }
    # Editors (a session cookie) and everything that is not a page view go straight to the app.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|cchc)/" || req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
}

sub vcl_backend_response {
    # For the ban above: lets Varnish's ban lurker drop matching objects in the background.
    set beresp.http.x-cchc-host = bereq.http.host;
    set beresp.http.x-cchc-url = bereq.url;
}

sub vcl_deliver {
    unset resp.http.x-cchc-host;
    unset resp.http.x-cchc-url;
}
