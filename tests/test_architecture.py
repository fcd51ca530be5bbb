"""The layering the folders promise (README, Layout), checked on the source itself.

- ``components/core``: pure: no disk, no Streamlit, no folium; imports no other layer.
- ``components/storage``: paths, reading, checking and writing files; may use the core.
- ``components/ingest``: adding sources; may use the core and storage.
- ``components/mapping``: folium maps; may use the core; gets URLs, never names the app's modules.
- ``components/ui``: Streamlit; may use every layer below it.
- ``components/build`` and ``components/cli``: commands; may use every layer but the UI and maps.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LAYERS = ("core", "storage", "ingest", "mapping", "ui", "build", "cli")
UI_LIBRARIES = {"streamlit", "streamlit_folium"}
MAP_LIBRARIES = {"folium", "branca"}

MAY_IMPORT = {
    "core": set(),
    "storage": {"core"},
    "ingest": {"core", "storage"},
    "mapping": {"core"},
    "ui": {"core", "storage", "ingest", "mapping"},
    "build": {"core", "storage", "ingest"},
    "cli": {"core", "storage", "ingest", "build"},
}
"""Which other layers each layer may import (its own is always allowed)."""

MAY_USE = {
    "core": set(),
    "storage": set(),
    "ingest": set(),
    "mapping": MAP_LIBRARIES,
    "ui": UI_LIBRARIES | MAP_LIBRARIES,
    "build": set(),
    "cli": set(),
}
"""Which of the UI and map libraries each layer may import."""


def modules_of(layer: str) -> list[Path]:
    return sorted((ROOT / "components" / layer).rglob("*.py"))


def product_modules() -> list[Path]:
    return [*sorted((ROOT / "components").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")),
            ROOT / "app.py"]  # fmt: skip


def imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in imports(path):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif node.module:
            names.add(node.module)
    return names


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "components" else None


def test_every_module_belongs_to_a_layer():
    inside = [p for p in (ROOT / "components").rglob("*.py") if p.parent != ROOT / "components"]
    folders = {path.parent.relative_to(ROOT / "components").parts[0] for path in inside}
    assert folders == set(LAYERS)
    assert [p.name for p in (ROOT / "components").glob("*.py")] == ["__init__.py"]


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_the_layers_below_it(layer):
    allowed = MAY_IMPORT[layer] | {layer}
    offenders = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in modules_of(layer)
        for module in imported_modules(path)
        if layer_of(module) not in (None, *allowed)
    }
    assert offenders == set()


@pytest.mark.parametrize("layer", LAYERS)
def test_only_the_ui_uses_streamlit_and_only_maps_use_folium(layer):
    forbidden = (UI_LIBRARIES | MAP_LIBRARIES) - MAY_USE[layer]
    offenders = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in modules_of(layer)
        for module in imported_modules(path)
        if module.split(".")[0] in forbidden
    }
    assert offenders == set()


def test_no_module_imports_another_modules_private_names():
    offenders = [
        f"{path.relative_to(ROOT)}: {alias.name} from {node.module}"
        for path in product_modules()
        for node in imports(path)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("components")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert offenders == []


def strings_in_code(path: Path) -> list[str]:
    """The string constants of a module, docstrings left out (they may point a reader on).

    A docstring here is any string standing alone as a statement: a module's, a class's or a
    function's, and the ones documenting a constant.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


@pytest.mark.parametrize("layer", LAYERS)
def test_no_layer_knows_another_layers_modules_by_name(layer):
    """A module path in a string (a URL, a patch target) is an import nobody can see."""
    offenders = {
        f"{path.relative_to(ROOT)}: {text!r}"
        for path in modules_of(layer)
        for text in strings_in_code(path)
        for other in LAYERS
        if other != layer and (f"components.{other}" in text or f"components/{other}" in text)
    }
    assert offenders == set()


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_are_thin(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    definitions = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert definitions == []
    assert len(page.read_text(encoding="utf-8").splitlines()) <= 80


def test_the_rules_would_catch_a_violation(tmp_path):
    """The checks above read real imports and strings: a planted offender is found."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        'import streamlit\nfrom components.ui.data import _key\nURL = "../components.ui.x/"\n',
        encoding="utf-8",
    )
    assert "streamlit" in imported_modules(planted)
    assert layer_of("components.ui.data") == "ui"
    assert any(a.name == "_key" for node in imports(planted) for a in node.names)
    assert strings_in_code(planted) == ["../components.ui.x/"]
