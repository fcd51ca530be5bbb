"""The layering promises: pure domain code, map building without streamlit, thin pages."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("components/core", {"streamlit", "folium", "streamlit_folium", "branca"}),
        ("components/mapping", {"streamlit", "streamlit_folium"}),
        ("components/build", {"streamlit", "folium", "streamlit_folium"}),
    ],
)
def test_layer_does_not_import(folder, forbidden):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & forbidden)
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_are_thin(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    definitions = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert definitions == []
    assert len(page.read_text(encoding="utf-8").splitlines()) <= 80
