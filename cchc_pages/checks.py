"""System check: the site's base template has the blocks that the apps' pages fill.

The apps' base templates (cchc_pages/base.html, feedback/base.html) extend the site's "base.html" and
fill Wagtail's stock block names: extra_css inside <head> (cchc.css, then the block cchc_head where a
page puts its stylesheet, deferred scripts, JSON-LD, meta description and feed links) and content (the
block cchc_content). A base template without them still renders every page with status 200, only without
those parts, so nothing but this check would tell. The check loads each app base template through the
template engines, follows its {% extends %} chain and lists the blocks that rendering it outputs, so a
project that overrides cchc_pages/base.html to map the blocks onto its own names passes too.
"""

from collections import defaultdict

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.base import VariableNode
from django.template.library import InvalidTemplateLibrary
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

from .caching.page_cache import order_problem
from .core import conf
from .core.client import invalid_trusted_proxies, trusted_networks

# (app label, app module, app base template) in the order the warnings name them.
APP_BASES = (
    ("cchc_pages", "cchc_pages", "cchc_pages/base.html"),
    ("cchc_feedback", "feedback", "feedback/base.html"),
)

# The app base template's block, the stock block of base.html it sits in, the warning id, and what is lost.
NEEDED = (
    (
        "cchc_head",
        "extra_css",
        "cchc_pages.W001",
        "inside <head>",
        "lose their stylesheets, scripts, JSON-LD data, meta description and RSS feed links",
    ),
    ("cchc_content", "content", "cchc_pages.W002", "inside <body>", "show none of their own content"),
)


def _parent_of(template, context):
    """The template that `template` extends (loaded as {% extends %} would load it), or None."""
    for node in template.nodelist:
        if isinstance(node, ExtendsNode):
            return node.get_parent(context)
    return None


def _extends_chain(name):
    """The Django templates from `name` up to the root of its {% extends %} chain, most derived first."""
    template = get_template(name)
    template = getattr(template, "template", None)  # the Django backend's wrapper holds the compiled template
    if template is None or not hasattr(template, "nodelist"):
        return []  # another template backend: nothing to inspect
    context = Context()
    context.template = template  # ExtendsNode finds its parent through the engine of the template rendered
    chain = [template]
    while (parent := _parent_of(chain[-1], context)) is not None:
        chain.append(parent)
    return chain


def _calls_super(block):
    return any(
        node.filter_expression.token.startswith("block.super")
        for node in block.nodelist.get_nodes_by_type(VariableNode)
    )


def rendered_blocks(chain):
    """Names of the blocks whose contents rendering chain[0] outputs.

    Rendering starts from the root template (chain[-1]); each block it meets renders its most derived
    definition, and the next one up where that one says {{ block.super }}. A block that only a child
    template defines, outside any block its parent renders, is never output and is not listed.
    """
    definitions = defaultdict(list)  # block name -> its definitions, most derived first
    for template in chain:
        for block in template.nodelist.get_nodes_by_type(BlockNode):
            definitions[block.name].append(block)
    found = set()

    def walk(nodelist):
        for node in nodelist:
            if isinstance(node, BlockNode):
                if node.name in found:
                    continue
                found.add(node.name)
                for block in definitions[node.name]:
                    walk(block.nodelist)
                    if not _calls_super(block):
                        break
            else:
                for attr in node.child_nodelists:
                    walk(getattr(node, attr, None) or ())

    if chain:
        walk(chain[-1].nodelist)
    return found


def _origin(template):
    return getattr(template.origin, "name", None) or template.origin.template_name


@checks.register(checks.Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """Warns when the apps' pages would render without their <head> parts or their content."""
    bases = [(label, name) for label, module, name in APP_BASES if apps.is_installed(module)]
    if app_configs is not None:
        wanted = {config.label for config in app_configs}
        bases = [(label, name) for label, name in bases if label in wanted]
    missing = defaultdict(list)  # warning id -> [(app base template, the site's base template)]
    problems = defaultdict(list)  # (warning id, what is wrong, hint) -> app base templates it concerns
    for _label, name in bases:
        try:
            chain = _extends_chain(name)
        except TemplateDoesNotExist as error:
            if error.args and error.args[0] == "base.html":
                problems["cchc_pages.W003", "", ""].append(name)
            else:
                problems[
                    "cchc_pages.W004",
                    f"template {error} does not exist",
                    "Keep APP_DIRS on (or the app directories loader) in the DjangoTemplates entry of TEMPLATES, "
                    "and check the name that your override of the template extends.",
                ].append(name)
            continue
        except (TemplateSyntaxError, ImproperlyConfigured, InvalidTemplateLibrary) as error:
            problems[
                "cchc_pages.W004", str(error), "Fix the template (or the TEMPLATES setting) that the error names."
            ].append(name)
            continue
        if not chain:
            continue
        blocks = rendered_blocks(chain)
        site_base = _origin(chain[1]) if len(chain) > 1 else _origin(chain[0])
        for own, _stock, warning_id, _where, _lost in NEEDED:
            if own not in blocks:
                missing[warning_id].append((name, site_base))

    warnings = []
    for (warning_id, text, hint), names in problems.items():
        if warning_id == "cchc_pages.W003":
            warnings.append(
                checks.Warning(
                    f"There is no template base.html: {' and '.join(names)} extend it, so the apps' pages fail "
                    "to render.",
                    hint="Put a base.html in a folder listed in TEMPLATES DIRS, with "
                    "{% block extra_css %}{% endblock %} inside <head> and {% block content %}{% endblock %} "
                    "inside <body> (as in Wagtail's project template), or override "
                    f"{' and '.join(names)} in your project's templates folder to extend your own base template.",
                    id=warning_id,
                )
            )
        else:
            warnings.append(
                checks.Warning(f"{' and '.join(names)} could not be checked: {text}", hint=hint, id=warning_id)
            )
    for own, stock, warning_id, where, lost in NEEDED:
        if warning_id not in missing:
            continue
        names = [name for name, _base in missing[warning_id]]
        site_bases = sorted({base for _name, base in missing[warning_id]})
        warnings.append(
            checks.Warning(
                f"The pages that extend {' and '.join(names)} {lost}: the site's base template "
                f"({', '.join(site_bases)}) has no block {stock}, where they put the block {own}.",
                hint=f"Add {{% block {stock} %}}{{% endblock %}} {where} of your base.html, or override "
                f"{' and '.join(names)} in your project's templates folder to put the block {own} into a block "
                "that your base.html has.",
                id=warning_id,
            )
        )
    return warnings


@checks.register(checks.Tags.security)
def check_page_cache_order(app_configs=None, **kwargs):
    """An error when the page cache sits above middleware that redirect to https or add security
    headers: its hits would skip them (see cchc_pages/caching/page_cache.py)."""
    problem = order_problem()
    if not problem:
        return []
    return [
        checks.Error(problem, hint="See the MIDDLEWARE order in the page cache's documentation.", id="cchc_pages.E001")
    ]


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs):
    """CCHC_TRUSTED_PROXIES must parse (cchc_pages.E002); a client-address header with no trusted
    proxy is never believed, so every visitor would share the proxy's address and limits
    (cchc_pages.W005). See cchc_pages/core/client.py."""
    problems = []
    bad = invalid_trusted_proxies()
    if bad:
        problems.append(
            checks.Error(
                f"CCHC_TRUSTED_PROXIES holds entries that are not addresses or networks: {bad!r}.",
                hint='Write each proxy as an address or a network: "10.0.0.2", "10.0.0.0/24" ("unix" for a socket).',
                id="cchc_pages.E002",
            )
        )
    networks, unix = trusted_networks()
    if conf.get("CCHC_CLIENT_IP_HEADER") and not networks and not unix:
        problems.append(
            checks.Warning(
                "CCHC_CLIENT_IP_HEADER is set but CCHC_TRUSTED_PROXIES lists no proxy: the header is never "
                "believed, and every visitor counts as the proxy's address for the per-address limits.",
                hint="Set CCHC_TRUSTED_PROXIES to the addresses your reverse proxy connects from.",
                id="cchc_pages.W005",
            )
        )
    return problems
