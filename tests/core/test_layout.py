"""The apps' layout: one capability, one package, and no import cycles between modules.

The module graph is read from the source with `ast` (nothing is imported): an edge for every
import at module level, relative imports resolved, ``from package import module`` counted as an
import of that module. Migrations are left out (they only name paths kept for them).
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
APPS = ("cchc_pages", "feedback")
# What an app keeps at its top level besides its capability packages: Django's and Wagtail's
# conventional modules, and thin compatibility modules (docstring, re-exports, __all__) for the
# dotted paths migrations and README name.
TOP_LEVEL = {"__init__", "apps", "urls", "wagtail_hooks", "checks", "signals", "admin"}
# Modules a models module must not import: the layers above the models, which import them.
ABOVE_MODELS = {"views", "feeds", "admin", "exporting", "importing", "reading", "wagtail_hooks", "urls", "pages"}


def module_name(path):
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def sources():
    for app in APPS:
        for path in sorted((REPO / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield module_name(path), path


MODULES = dict(sources())


def is_package(name):
    return MODULES[name].name == "__init__.py"


def resolve(name, node):
    """The absolute module a `from ... import` (or `import`) node names."""
    if isinstance(node, ast.ImportFrom) and node.level:
        base = name.split(".")
        base = base if is_package(name) else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))
    return node.module if isinstance(node, ast.ImportFrom) else None


def imports(name, nodes):
    """Internal modules imported by these import nodes."""
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            target = resolve(name, node)
            targets = [target] + [f"{target}.{alias.name}" for alias in node.names]
        for target in targets:
            while target and target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in MODULES and target != name:
                found.add(target)
    return found


def module_level_imports(tree):
    """Import statements run when the module loads (also inside top-level if/try blocks)."""
    pending, found = list(tree.body), []
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If | ast.Try):
            pending.extend(node.body + node.orelse + getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                pending.extend(handler.body)
    return found


def function_level_imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield node, inner


TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
GRAPH = {name: imports(name, module_level_imports(tree)) for name, tree in TREES.items()}


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def is_reexport_only(tree):
    """Docstring, imports and __all__ only: a compatibility path, no code of its own."""
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]:
            continue
        return False
    return True


def test_the_graph_sees_the_packages():
    assert "cchc_pages.procedures.importing" in GRAPH["cchc_pages.management.commands.import_procedures"]
    assert "cchc_pages.news.models" in GRAPH["cchc_pages.caching.frontend_cache"]
    assert "feedback.submissions.models" in GRAPH["feedback.submissions.workflow"]


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_no_function_local_imports_of_the_apps_own_modules():
    """Except AppConfig.ready(), which connects signal handlers once the app registry is loaded."""
    local = sorted(
        f"{name}.{function.name}: {ast.unparse(node)}"
        for name, tree in TREES.items()
        for function, node in function_level_imports(tree)
        if imports(name, [node]) and not (name.endswith(".apps") and function.name == "ready")
    )
    assert local == []


def test_function_local_imports_say_why():
    """A function-local import of a third-party module is for an optional dependency, and says so."""
    unexplained = []
    for name, tree in TREES.items():
        lines = MODULES[name].read_text(encoding="utf-8").splitlines()
        for function, node in function_level_imports(tree):
            if imports(name, [node]):
                continue
            around = " ".join(lines[node.lineno - 2 : node.end_lineno]).lower()
            if "optional" not in around:
                unexplained.append(f"{name}.{function.name}: {ast.unparse(node)}")
    assert unexplained == []


@pytest.mark.parametrize("app", APPS)
def test_top_level_modules_are_conventional_or_compatibility_paths(app):
    stray = [
        name
        for name, path in MODULES.items()
        if path.parent == REPO / app and path.stem not in TOP_LEVEL and not is_reexport_only(TREES[name])
    ]
    assert stray == []


def test_models_import_no_layer_above_them():
    offending = sorted(
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if (name.endswith(".models") or ".models." in name) and not is_reexport_only(TREES[name])
        for target in targets
        if target.rsplit(".", 1)[-1] in ABOVE_MODELS
    )
    assert offending == []
