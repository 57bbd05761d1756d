"""Imports point down only.

The portal's apps are layered, the trail at the ground floor and ``home`` at
the top; an app imports only the layers below it, so no two apps import each
other. Every module's imports are read (those inside functions too, which
run later but depend just the same); migrations and tests are left out.
An app that climbs plugs in through a ``liuhen_*`` hook instead
(``portal/inbox/``, ``portal/history.py``)."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "home", "registers")

# The portal's small root modules, shared by every app: they may import the trail only.
SHARED = "portal (shared modules)"
# Lowest first; an app imports only from a lower layer (never sideways).
LAYERS = (
    # How values read: imports no project module, so the trail's views and exports use it too.
    ("portal.formatting",),
    ("portal.trail",),
    (SHARED,),
    ("portal.accounts",),
    ("portal.access",),
    ("portal.approvals", "portal.search"),
    ("registers",),
    ("home",),
    ("portal (project)",),  # settings and URLs, which put the apps together
)
SHARED_MODULES = {
    "portal",
    "portal.action_views",
    "portal.direction",
    "portal.dossiers",
    "portal.factories",
    "portal.history",
    "portal.http",
    "portal.inbox",
    "portal.records",
    "portal.script",
    # The Chinese segmentation and the mixin that indexes segmented text:
    # any app's records use them; the site search built on them sits higher.
    "portal.search.segment",
    "portal.search.fields",
    "portal.versioning",
    "portal.wagtail_strings",
}
PROJECT_MODULES = ("portal.settings", "portal.urls", "portal.wsgi")
LEVEL = {unit: level for level, units in enumerate(LAYERS) for unit in units}


def unit_of(module):
    """The app (or group of shared modules) a module belongs to, or None."""
    if module in SHARED_MODULES or module.startswith(tuple(f"{m}." for m in SHARED_MODULES - {"portal"})):
        return SHARED
    if module.startswith(tuple(f"{m}." for m in PROJECT_MODULES)) or module in PROJECT_MODULES:
        return "portal (project)"
    for units in LAYERS:
        for unit in units:
            if module == unit or module.startswith(unit + "."):
                return unit
    if module.partition(".")[0] in PACKAGES:
        return "unplaced"
    return None


def project_modules(root):
    """{dotted name: path} of every module but migrations and tests."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports(root):
    """(importer, imported module, line, at import time?) for every import
    of a project module, lazy ones included."""
    modules = project_modules(root)

    def known(name):  # the module itself, or the package it is an attribute of
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    found = []
    for importer, path in modules.items():
        package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        tree = ast.parse(path.read_text(), filename=str(path))
        top_level = {id(node) for node in tree.body}
        top_level |= {
            id(n) for node in tree.body if isinstance(node, ast.If | ast.Try) for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parents = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parents, *filter(None, [node.module])])
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            for name in names:
                target = known(name)
                if target and target != importer:
                    found.append((importer, target, node.lineno, id(node) in top_level))
    return found


def climbing_imports(root):
    """Imports of a unit at the same layer or above, and of unplaced modules."""
    wrong = []
    for importer, target, line, _ in imports(root):
        source, dest = unit_of(importer), unit_of(target)
        if "unplaced" in (source, dest):
            unplaced = importer if source == "unplaced" else target
            wrong.append(f"{unplaced} belongs to no layer: add its app to LAYERS in {Path(__file__).name}")
        elif source != dest and LEVEL[dest] >= LEVEL[source]:
            wrong.append(f"{importer}:{line} imports {target} ({dest} is not below {source})")
    return sorted(set(wrong))


def cycles(edges):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def app_cycles(root):
    edges = defaultdict(set)
    for importer, target, _, _ in imports(root):
        source, dest = (unit_of(m) if unit_of(m) != "unplaced" else m for m in (importer, target))
        if source != dest:
            edges[source].add(dest)
    return cycles(edges)


def import_time_cycles(root):
    """Modules of one app importing each other as they load."""
    edges = defaultdict(set)
    for importer, target, _, at_import in imports(root):
        if at_import and unit_of(importer) == unit_of(target):
            edges[importer].add(target)
    return cycles(edges)


def test_every_app_imports_only_the_layers_below_it():
    assert climbing_imports(ROOT) == []


def test_the_apps_import_one_another_without_a_cycle():
    assert app_cycles(ROOT) == []


def test_no_app_has_modules_that_import_each_other_as_they_load():
    assert import_time_cycles(ROOT) == []


def test_the_walk_sees_imports_inside_functions(tmp_path):
    """The check would catch a climb that only happens when a function runs,
    and the loop it closes."""
    for package in ("portal", "portal/trail", "portal/accounts", "home", "registers"):
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "portal/accounts/models.py").write_text("from portal.trail import record\n")
    (tmp_path / "portal/trail/recording.py").write_text(
        "def department_of(obj):\n    from ..accounts.models import Department\n"
    )
    assert climbing_imports(tmp_path) == [
        "portal.trail.recording:2 imports portal.accounts.models (portal.accounts is not below portal.trail)"
    ]
    assert app_cycles(tmp_path) == [["portal.accounts", "portal.trail"]]


@pytest.mark.parametrize("module", ["portal/newapp/models.py", "portal/loose.py"])
def test_a_module_outside_every_layer_is_named(tmp_path, module):
    for package in ("portal", "portal/trail", "home", "registers"):
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / module).parent.mkdir(exist_ok=True)
    (tmp_path / module).write_text("from portal.trail import record\n")
    dotted = module.removesuffix(".py").replace("/", ".")
    assert climbing_imports(tmp_path) == [
        f"{dotted} belongs to no layer: add its app to LAYERS in test_layers.py"
    ]


def test_modules_loading_each_other_are_named(tmp_path):
    for package in ("portal", "portal/access", "home", "registers"):
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "portal/access/grants.py").write_text("from .subjects import roles_of\n")
    (tmp_path / "portal/access/subjects.py").write_text("from . import grants\n")
    (tmp_path / "portal/access/rules.py").write_text("def f():\n    from . import policy\n")
    (tmp_path / "portal/access/policy.py").write_text("from . import rules\n")  # rules loads it later
    assert import_time_cycles(tmp_path) == [["portal.access.grants", "portal.access.subjects"]]
