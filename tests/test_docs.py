"""The documentation's generated parts (builder/docs.py) are those the code gives today, and every
diagnostic code the code reports is registered, with the severity it is reported at, in
builder/diagnostics.py (a course's codes) or builder/verify/findings.py (verify's)."""
from __future__ import annotations

import ast
from pathlib import Path

from builder import docs
from builder.diagnostics import CODES
from builder.verify.findings import CODES as VERIFY_CODES

BUILDER = Path(__file__).resolve().parent.parent / "builder"
VERIFY = BUILDER / "verify"


def test_every_generated_block_is_current():
    for path in sorted(docs.DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert docs.refresh(text) == text, f"{path.name} differs from the code: run 'python -m builder.docs'"


def test_every_generated_block_is_in_the_docs():
    found = {m["name"] for path in docs.DOCS.glob("*.md") for m in docs.BLOCK.finditer(path.read_text("utf-8"))}
    assert found == set(docs.makers())


def test_a_stale_block_is_found():
    text = (docs.DOCS / "check.md").read_text(encoding="utf-8")
    stale = text.replace("| `stigma` |", "| `stigmas` |")
    assert stale != text and docs.refresh(stale) == text


def reported(folder: Path, exclude: Path | None = None) -> set[tuple[str, str, str]]:
    """(file, severity, code) for every literal code the Python files under ``folder`` report."""
    found = set()
    for path in folder.rglob("*.py"):
        if exclude is not None and exclude in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            literal = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                       for a in node.args[:2]]
            if name in ("error", "warning", "wrong") and literal and literal[0]:
                found.add((path.name, "warning" if name == "warning" else "error", literal[0]))
            elif name == "Diagnostic" and len(literal) == 2 and all(literal):
                found.add((path.name, literal[0], literal[1]))
            elif name == "rule" and literal and literal[0]:
                found.add((path.name, "rule", literal[0]))
    return found


def test_every_code_a_course_can_get_is_registered_with_its_severity():
    codes = reported(BUILDER, exclude=VERIFY)
    wrong = [(path, severity, code) for path, severity, code in codes if code not in CODES
             or severity not in (CODES[code].severity, "rule" if CODES[code].stage == "rule" else None)]
    assert wrong == []
    assert {code for _, _, code in codes} == set(CODES)  # and nothing registered is never reported


def test_every_code_verify_reports_is_registered():
    codes = {code for _, _, code in reported(VERIFY)}
    assert codes == set(VERIFY_CODES)
