"""Facts about the code a reviewer would otherwise check by hand (docs/architecture.md): no import
cycle between builder's modules (imports inside functions included), no module importing another
module's private name, no module over 400 lines."""
from __future__ import annotations

import ast
from pathlib import Path

BUILDER = Path(__file__).resolve().parent.parent / "builder"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BUILDER.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in BUILDER.rglob("*.py")}


def imports(name: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import statement of a module, wherever it is."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [alias.name for alias in node.names]
            submodules = [n for n in names if f"{base}.{n}" in MODULES]
            found.append((base, [n for n in names if n not in submodules]))
            found += [(f"{base}.{n}", []) for n in submodules]
    return [(target, names) for target, names in found if target.split(".")[0] == "builder"]


def graph() -> dict[str, set[str]]:
    """module → the builder modules importing it runs (a submodule runs its packages' __init__ first)."""
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for target, _ in imports(name):
            parts = target.split(".")
            for i in range(2, len(parts) + 1):
                ancestor = ".".join(parts[:i])
                if ancestor in MODULES and ancestor != name and not name.startswith(ancestor + "."):
                    edges[name].add(ancestor)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack + [target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycle_even_through_imports_inside_functions():
    assert cycles(graph()) == []


def test_no_module_imports_a_private_name_of_another():
    private = [f"{name} imports {target}.{n}" for name in MODULES for target, names in imports(name)
               for n in names if n.startswith("_") and not n.endswith("__") and target != name]
    assert private == []


def test_no_module_is_longer_than_400_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_checks_above_can_fail():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert any(target == "builder.paths" for target, _ in imports("builder.load"))
