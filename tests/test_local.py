"""National Society local contacts: `::: local <name>` blocks filled from `--local contacts.yaml`
(builder/local.py). What a learner sees in the built packages, and every mistake in the file at its line."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build
from builder.cli import main
from builder.local import MAX_BYTES, read_local
from builder.load import load
from builder.preview.incremental import PreviewBuilder
from builder.render_quiz import unseal
from builder.translate import extract
from support.po import fill

COURSE_YAML = """\
id: local-demo
title: Local demo
version: 1.0.0
language: en
description: A course with texts a National Society fills in.
outline:
  - lessons/01-help.md
  - lessons/02-more.md
"""

LESSON_1 = """\
---
title: Getting help
---
Keep the [referral map](../resources/referral-map.md) near you.

:::: warning Urgent help
::: local urgent-help
Call your **local emergency number**.
:::
::::

::: quiz help-check
"""

LESSON_2 = """\
---
title: More
---
If it is urgent, see the first screen.

::: local urgent-help
Call your **local emergency number**.
:::
"""

REFERRAL_MAP = """\
# Referral map

::: local referral-map
| Need | Who | Phone |
| --- | --- | --- |
| Urgent | | |
:::
"""

QUIZ = """\
id: help-check
title: Check
kind: check
questions:
  - id: q1
    type: true-false
    prompt: "You call for help when someone is in danger."
    answer: true
    feedback:
      correct: |
        Yes.
        ::: local urgent-help
        Call your local emergency number.
        :::
      incorrect: "Call for help."
"""

CONTACTS = """\
# Kenya Red Cross: contacts for the module
urgent-help: |
  **Urgent help in Kenya:** call [1199](tel:1199), the Kenya Red Cross toll-free line.
referral-map:
  en: |
    - Staff support: [support@example.org](mailto:support@example.org), [+254 20 000 0000](tel:+254200000000)
  fr: |
    - Soutien au personnel : [support@example.org](mailto:support@example.org)
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def course(tmp_path) -> Path:
    return write(tmp_path / "course", {"course.yaml": COURSE_YAML, "lessons/01-help.md": LESSON_1,
                                       "lessons/02-more.md": LESSON_2, "resources/referral-map.md": REFERRAL_MAP,
                                       "quizzes/help-check.yaml": QUIZ})


@pytest.fixture
def contacts(tmp_path) -> Path:
    return write(tmp_path, {"contacts.yaml": CONTACTS}) / "contacts.yaml"


def packaged(out: Path, name: str) -> dict[str, str]:
    with zipfile.ZipFile(out / name) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def screens_text(files: dict[str, str]) -> str:
    """Every screen's HTML as the learner's browser gets it (the first in index.html, the others
    in screens/*.js as JSON strings), with JSON's escapes undone."""
    text = files["index.html"] + "".join(v for k, v in files.items() if k.startswith("screens/"))
    return text.replace("\\u003c", "<").replace("\\/", "/").replace('\\"', '"')


def feedback(files: dict[str, str]) -> dict:
    """The help-check question's sealed answer key (its feedback among it), as the player opens it."""
    sealed = re.findall(r'"k":\s*"([^"]+)"', files["index.html"])
    assert len(sealed) == 1
    key = unseal(sealed[0], "help-check.q1")
    assert isinstance(key, dict)
    return key


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# -- what learners see ---------------------------------------------------------------------------
def test_without_local_file_the_default_text_shows_and_no_marker(course, tmp_path):
    build(course, tmp_path / "out", formats=("scorm12",))
    files = packaged(tmp_path / "out", "local-demo-1.0.0-scorm12.zip")
    screens = screens_text(files)
    assert screens.count("Call your <strong>local emergency number</strong>.") == 2  # lesson 1 and 2
    assert feedback(files)["fc"] == "Yes.\nCall your local emergency number."  # the quiz feedback's default
    assert "<td>Urgent</td>" in files["resources/referral-map.html"]
    assert ":::" not in screens + files["resources/referral-map.html"]
    assert "urgent-help" not in screens  # the block's name is the author's, not the learner's


def test_the_local_file_replaces_every_block_in_lessons_resources_and_quiz_texts(course, contacts, tmp_path):
    result = run("build", str(course), "--out", str(tmp_path / "out"), "--local", str(contacts))
    assert result.exit_code == 0, result.output
    for name in ("local-demo-1.0.0-scorm12.zip", "local-demo-1.0.0-scorm2004.zip"):
        files = packaged(tmp_path / "out", name)
        screens = screens_text(files)
        assert screens.count('<strong>Urgent help in Kenya:</strong> call <a href="tel:1199">1199</a>') == 2
        assert feedback(files)["fc"] == ('Yes.\n<strong>Urgent help in Kenya:</strong> call <a href="tel:1199">1199</a>, '
                                         'the Kenya Red Cross toll-free line.')
        assert "local emergency number" not in screens
        # inside the warning callout, where the block was
        assert re.search(r'callout-warning">.*?Urgent help in Kenya', files["index.html"], re.S)
        sheet = files["resources/referral-map.html"]
        assert '<a href="mailto:support@example.org">' in sheet and '<a href="tel:+254200000000">' in sheet
        assert "<td>Urgent</td>" not in sheet
        # the package records nothing about the file but its texts
        assert not any("contacts" in text for text in files.values())
    web = (tmp_path / "out" / "local-demo-1.0.0-web" / "index.html").read_text(encoding="utf-8")
    assert "Urgent help in Kenya" in web


def test_a_text_per_language_is_used_in_the_build_of_that_language(course, contacts, tmp_path):
    extract(load(course), "fr")
    fill(course / "locales" / "fr.po", "FR ")
    result = run("build", str(course), "--out", str(tmp_path / "out"), "--lang", "all", "--local", str(contacts),
                 "--format", "scorm12")
    assert result.exit_code == 0, result.output
    english = packaged(tmp_path / "out", "local-demo-1.0.0-scorm12.zip")["resources/referral-map.html"]
    french = packaged(tmp_path / "out", "local-demo-1.0.0-fr-scorm12.zip")
    assert "Staff support" in english and "Soutien" not in english
    assert "Soutien au personnel" in french["resources/referral-map.html"] and "Staff support" not in french[
        "resources/referral-map.html"]
    # one text for every language: the same in French
    assert "Urgent help in Kenya" in screens_text(french)
    # without the local file, the French build shows the translated default
    build(course, tmp_path / "plain", formats=("scorm12",), language="fr")
    assert "FR Call your <strong>local emergency number</strong>." in screens_text(
        packaged(tmp_path / "plain", "local-demo-1.0.0-fr-scorm12.zip"))


def test_tel_links_are_allowed_in_lessons_and_a_tel_that_is_no_number_is_refused(course, tmp_path):
    (course / "lessons/02-more.md").write_text(LESSON_2 + "\nCall [112](tel:112).\n", encoding="utf-8")
    build(course, tmp_path / "out", formats=("scorm12",))
    assert '<a href="tel:112">112</a>' in screens_text(packaged(tmp_path / "out", "local-demo-1.0.0-scorm12.zip"))
    (course / "lessons/02-more.md").write_text(LESSON_2 + "\n[x](tel:javascript:alert)\n", encoding="utf-8")
    result = run("build", str(course), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "02-more.md:10: error[link]: 'tel:javascript:alert' is not a phone number" in result.output


# -- mistakes in the local file --------------------------------------------------------------------
def local_errors(course: Path, tmp_path: Path, text: str | bytes, *args: str) -> list[str]:
    path = tmp_path / "nat.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = run("build", str(course), "--out", str(tmp_path / "out"), "--local", str(path), *args)
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.zip"))
    assert "Traceback" not in result.output
    return [line.split("nat.yaml", 1)[1] for line in result.output.splitlines() if "nat.yaml" in line]


def test_an_unknown_entry_name_is_located_with_did_you_mean(course, tmp_path):
    found = local_errors(course, tmp_path, "urgent-help: Call 1199.\nreferal-map: x\n")
    assert found == [":2: error[local]: unknown entry 'referal-map': no '::: local referal-map' block in the course "
                     "(did you mean 'referral-map'?)"]


def test_an_entry_missing_a_language_that_is_built(course, tmp_path):
    extract(load(course), "fr")
    fill(course / "locales" / "fr.po", "FR ")
    found = local_errors(course, tmp_path, "referral-map:\n  en: |\n    Staff support\n", "--lang", "all")
    assert len(found) == 1 and found[0].startswith(":2: error[local]: entry 'referral-map' has no text in 'fr', "
                                                   "a language being built (it has: en)")


def test_bad_yaml_is_located(course, tmp_path):
    assert local_errors(course, tmp_path, "urgent-help: |\n  ok\nreferral-map: [\n") == [
        ":4:1: error[local]: invalid YAML: did not find expected node content (check indentation, and quote text "
        "that contains ': ' or starts with a special character)"]


@pytest.mark.parametrize("text, expected", [
    ("urgent-help: |\n  See [the plan](../plan.pdf).\n",
     ":2: error[local]: entry 'urgent-help': '../plan.pdf' names a file or a place in a page"),
    ("urgent-help: |\n  Intro.\n\n  ![map](/etc/passwd)\n",
     ":4: error[local]: entry 'urgent-help': image '/etc/passwd': a local text cannot show images"),
    ("urgent-help: \"[x](javascript:alert(1))\"\n",
     ":1: error[local]: entry 'urgent-help': 'javascript:alert(1)': 'javascript:' links are not allowed"),
    ("urgent-help:\n  en: |\n    ::: quiz help-check\n",
     ":3: error[local]: entry 'urgent-help' (en): a '::: quiz' block belongs in the course, not in a local text"),
    ("urgent-help: \"\"\n", ":1: error[local]: entry 'urgent-help' is empty"),
    ("urgent-help: [1, 2]\n", ":1: error[local]: entry 'urgent-help' must be a text, or one text per language, "
                              "not a list"),
    ("- urgent-help\n", ":1: error[local]: the local file must map names to texts, not a list"),
    ("a: &a [*a]\n", ":1:4: error[local]: invalid YAML: an alias refers to the value that contains it"),
    ("urgent-help: !!python/object:os.system x\n", ":1:14: error[local]: invalid YAML: could not determine a "
                                                    "constructor for the tag"),
])
def test_each_mistake_in_a_text_is_an_error_at_its_line(course, tmp_path, text, expected):
    found = local_errors(course, tmp_path, text)
    assert any(line.startswith(expected) for line in found), found


def test_a_file_that_is_missing_too_large_or_not_utf8(course, tmp_path):
    result = run("build", str(course), "--out", str(tmp_path / "out"), "--local", str(tmp_path / "none.yaml"))
    assert result.exit_code == 1 and "none.yaml: error[local]: the local file does not exist" in result.output
    assert local_errors(course, tmp_path, "a: " + "x" * MAX_BYTES + "\n") == [
        ": error[local]: the local file is larger than 256 KB (a local file holds a few short texts: contacts, "
        "a referral map)"]
    assert local_errors(course, tmp_path, b"urgent-help: caf\xe9\n")[0].startswith(
        ":1: error[local]: file is not UTF-8 text")
    assert local_errors(course, tmp_path, "urgent-help: a\x1bb\n")[0].startswith(
        ":1:15: error[local]: control character U+001B is not allowed")


def test_read_local_keeps_one_text_or_one_per_language(contacts):
    local = read_local(contacts)
    assert dict(local.entries["urgent-help"].texts) == {
        "": "**Urgent help in Kenya:** call [1199](tel:1199), the Kenya Red Cross toll-free line.\n"}
    assert sorted(local.entries["referral-map"].texts) == ["en", "fr"]


# -- mistakes in the course's blocks ---------------------------------------------------------------
@pytest.mark.parametrize("block, expected", [
    ("::: local\ntext\n:::\n", "'::: local' needs the name of the text it marks"),
    ("::: local Urgent Help\ntext\n:::\n", "local text name 'Urgent Help' may use only lowercase letters"),
    ("::: local a\n::: quiz help-check\n:::\n", "a '::: quiz' line inside a '::: local' block would disappear"),
])
def test_a_block_without_a_good_name_or_with_a_quiz_inside_is_refused(course, tmp_path, block, expected):
    (course / "lessons/01-help.md").write_text(LESSON_1.replace("::: quiz help-check\n", block), encoding="utf-8")
    result = run("check", str(course))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "error[local]" in line)
    assert re.search(r"01-help\.md:1[23]: error\[local\]: ", line) and expected in line, result.output


def test_a_bad_name_in_a_quiz_text_is_refused_at_the_quiz(course):
    (course / "quizzes/help-check.yaml").write_text(QUIZ.replace("local urgent-help", "local Urgent!"),
                                                    encoding="utf-8")
    result = run("check", str(course))
    assert result.exit_code == 1 and "help-check.yaml:10: error[local]: local text name 'Urgent!'" in result.output


def test_check_reports_the_local_file_and_blocks_it_leaves_unfilled(course, tmp_path):
    path = write(tmp_path, {"partial.yaml": "referral-map: |\n  Staff support\n"}) / "partial.yaml"
    result = run("check", str(course), "--local", str(path))
    assert result.exit_code == 0, result.output
    assert ("01-help.md:7: warning[local-unset]: '::: local urgent-help' is not in the local file partial.yaml: its "
            "default text is shown") in result.output
    assert run("check", str(course), "--local", str(path), "--strict").exit_code == 1
    path.write_text("referal-map: x\n", encoding="utf-8")
    result = run("check", str(course), "--local", str(path))
    assert result.exit_code == 1 and "partial.yaml:1: error[local]: unknown entry 'referal-map'" in result.output
    built = run("build", str(course), "--out", str(tmp_path / "out"), "--local",
                str(write(tmp_path, {"p2.yaml": "referral-map: x\n"}) / "p2.yaml"))
    assert built.exit_code == 0 and "warning[local-unset]" in built.output


# -- the preview -----------------------------------------------------------------------------------
def test_the_preview_rebuilds_when_the_local_file_changes(course, contacts):
    builder = PreviewBuilder(course, local=contacts)
    builder.rebuild()
    assert "Urgent help in Kenya" in builder.output("index.html", "1.2").decode()
    contacts.write_text(CONTACTS.replace("Urgent help in Kenya", "Urgent help in Tanzania"), encoding="utf-8")
    os.utime(contacts, (time.time() + 5, time.time() + 5))
    changed = builder.rebuild([contacts])
    assert "index.html" in changed and "screens/0002.js" in changed and "resources/referral-map.html" not in changed
    assert "Urgent help in Tanzania" in builder.output("index.html", "1.2").decode()
    contacts.write_text("urgent-help: [\n", encoding="utf-8")
    builder.rebuild([contacts])
    assert [d.code for d in builder.errors] == ["local"]
    assert "Urgent help in Tanzania" in builder.output("index.html", "1.2").decode()  # the last good output stays


@pytest.mark.parametrize("command", ["build", "check", "preview"])
def test_each_command_documents_local(command):
    shown = " ".join(run(command, "--help").output.split())
    assert "--local FILE" in shown and "'::: local <name>' blocks" in shown and "--local kenya-contacts.yaml" in shown


def test_the_example_in_the_authoring_guide_is_a_valid_local_file(tmp_path):
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# contacts\.yaml.*?)```", guide, re.S)
    assert example is not None
    path = write(tmp_path, {"contacts.yaml": example.group(1)}) / "contacts.yaml"
    local = read_local(path)
    assert sorted(local.entries) == ["referral-map", "urgent-help"]
    assert sorted(local.entries["referral-map"].texts) == ["en", "fr"]


def test_an_unclosed_block_is_refused_before_it_swallows_the_rest_of_the_lesson(course):
    (course / "lessons/02-more.md").write_text(LESSON_2.replace(":::\n", "") + "\nMore text.\n", encoding="utf-8")
    result = run("check", str(course))
    assert result.exit_code == 1
    assert "02-more.md:6: error[local]: '::: local urgent-help' is never closed" in result.output


def test_the_item_map_and_the_lms_read_the_question_as_the_learner_did(course, contacts, tmp_path):
    (course / "course.yaml").write_text(COURSE_YAML + "  - quiz: final\nassessment: final\n", encoding="utf-8")
    (course / "quizzes/final.yaml").write_text("""\
id: final
title: Final
kind: assessment
pass_mark: 50
questions:
  - id: q1
    type: true-false
    prompt: |
      Is this the right number?
      ::: local urgent-help
      Call your local emergency number.
      :::
    answer: true
""", encoding="utf-8")
    result = run("build", str(course), "--out", str(tmp_path / "out"), "--local", str(contacts), "--format", "scorm2004")
    assert result.exit_code == 0, result.output
    items = (tmp_path / "out" / "local-demo-1.0.0-items.csv").read_text(encoding="utf-8-sig")
    assert "Is this the right number? Urgent help in Kenya: call 1199, the Kenya Red Cross toll-free line." in items
    assert ":::" not in items and "emergency number" not in items
    screen = screens_text(packaged(tmp_path / "out", "local-demo-1.0.0-scorm2004.zip"))
    assert '"prompt": "Is this the right number? **Urgent help in Kenya:** call [1199](tel:1199)' in screen \
        or '"prompt":"Is this the right number? **Urgent help in Kenya:** call [1199](tel:1199)' in screen


def test_the_preview_command_rebuilds_when_the_local_file_is_saved(course, contacts):
    """The real `coursebuilder preview --local`: the file sits outside the course folder, and a save
    of it (here by writing a new file over it, as editors do) rebuilds the course."""
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "preview", str(course), "--port", "0",
                             "--local", str(contacts)], cwd=repo, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def wait_for(text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in "".join(lines):
            assert proc.poll() is None and time.monotonic() < deadline, f"no '{text}' in:\n" + "".join(lines)
            time.sleep(0.1)

    try:
        wait_for("Serving ", 300)  # the first run may install scorm-again from npm
        replacement = contacts.with_name("contacts.new")
        replacement.write_text("urgent-help: [\n", encoding="utf-8")
        os.replace(replacement, contacts)
        wait_for("contacts.yaml:2:1: error[local]: invalid YAML", 20)
        contacts.write_text(CONTACTS.replace("Kenya", "Tanzania"), encoding="utf-8")
        wait_for("the course builds again", 20)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_check_applies_the_stigmatising_language_rule_to_local_texts(course, tmp_path):
    path = write(tmp_path, {"nat.yaml": "urgent-help: |\n  If someone has committed suicide in your team, call 1199.\n"}) / "nat.yaml"
    result = run("check", str(course), "--local", str(path))
    assert "nat.yaml:1: warning[stigma]: local text 'urgent-help': 'committed suicide' can stigmatise" in result.output
