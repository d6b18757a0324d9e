"""Site-wide response headers of the production settings."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY on public pages.

    Our pages load only their own scripts, styles and images (no CDN, no third party), so the policy
    can be strict. The Wagtail admin is left to its own defaults: its editor needs inline styles and
    scripts that a public page never does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        excluded = getattr(settings, "CONTENT_SECURITY_POLICY_EXCLUDE", ("/admin/",))
        if policy and "Content-Security-Policy" not in response and not request.path.startswith(tuple(excluded)):
            response["Content-Security-Policy"] = policy
        return response
