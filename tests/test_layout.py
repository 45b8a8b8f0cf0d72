"""The code's shape: imports go one way (no module of the core reaches back into one that
imports it, even lazily inside a function), and the core never imports Qt or the window."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules `path` imports anywhere (a function's late import counts too; an
    import only for type checkers does not)."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for guard in ast.walk(tree) if isinstance(guard, ast.If)
               and "TYPE_CHECKING" in ast.unparse(guard.test)
               for statement in guard.body for node in ast.walk(statement)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found - {module_name(path)}


def graph(*packages: str) -> dict[str, set[str]]:
    files = [path for package in packages for path in (ROOT / package).rglob("*.py")]
    known = {module_name(path) for path in files}
    # A package's __init__ runs whenever one of its modules is imported: "model" is not an
    # edge back into every module (the package only sets up the language and the backend).
    return {module_name(path): imports_of(path, known) - {"model", "gui"} for path in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                found.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_core_imports_in_one_direction():
    assert cycles(graph("model")) == []


def test_the_window_imports_in_one_direction():
    assert cycles(graph("gui", "model")) == []


def test_the_core_never_imports_the_window_or_qt():
    for path in (ROOT / "model").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module}
        assert not {name.split(".")[0] for name in imported} & {"gui", "PySide6"}, path
