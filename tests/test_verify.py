"""`coursebuilder verify`: what an admin learns about a zip before uploading it, ours or anyone's."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build
from builder.cli import main
from builder.load import load
from builder.verify import verify
from builder.verify.report import as_html, as_text
from builder.scormapi import NAMES
from support.axe import run_axe

TESTS = Path(__file__).parent
REPO = TESTS.parent
EXAMPLE = TESTS / "fixtures" / "example"
WG3 = REPO / "course_src" / "wg3-manager-wellbeing"
# Rustici's Golf samples, as tests/test_harness.py finds them (shared/ beside the clone), or where CB_SCORM_SAMPLES says
SAMPLES = Path(os.environ.get("CB_SCORM_SAMPLES", REPO.parent / "shared" / "scorm-samples"))
STEM = "example-course-1.2.0"
TEST_CACHE = TESTS / ".cache"  # npm installs of the tests (scorm-again, the schemas), as the preview tests use


@pytest.fixture(scope="module", autouse=True)
def test_cache():
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(TEST_CACHE)
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(EXAMPLE, out, formats=("scorm12", "scorm2004"))
    return out


def lines(result) -> list[str]:
    return as_text(result)


def errors(result) -> list[str]:
    return [f.located(str(result.zip_path)) for f in result.found.errors]


# -- our packages ---------------------------------------------------------------------------------------
def test_our_package_is_walked_to_the_end_and_passes(dist, browser, page, tmp_path):
    result = verify(dist / f"{STEM}-scorm12.zip", browser=browser)
    assert errors(result) == [] and result.found.warnings == []
    first, again = result.run.sessions
    assert (first.entry, first.stored["cmi.core.exit"], first.stored["cmi.core.lesson_location"]) == ("", "suspend", "s2")
    assert again.entry == "resume" and result.run.walk.resumed_on == 2
    assert result.run.walk.screens_seen == [2, 3, 4, 5]
    assert again.stored["cmi.core.lesson_status"] == "passed" and again.stored["cmi.core.score.raw"] == "100"
    text = lines(result)
    # 7 interactions: a1-a6 and the one question the attempt drew from the pool
    assert "Moodle will show: Passed, grade 100; 7 interactions in the reports" in text
    assert "Cornerstone will show: Completed, score 100; 7 interactions in the reports" in text
    assert text[-1] == "verify: OK (0 errors, 0 warnings)"
    report = tmp_path / "report.html"
    report.write_text(as_html(result), encoding="utf-8")
    page.goto(report.as_uri())
    assert page.locator(".verdict").inner_text() == "OK: 0 errors, 0 warnings"
    assert page.get_by_role("cell", name="a: note; b: tip", exact=True).count() == 1  # a2's response in words
    assert page.locator("table.log tbody tr").first.locator("td").nth(2).inner_text() == "LMSInitialize"
    assert run_axe(page) == []


def test_an_item_map_from_another_build_is_caught(dist, browser, tmp_path):
    course = tmp_path / "course"
    import shutil
    shutil.copytree(EXAMPLE, course)
    quiz = course / "quizzes" / "final-assessment.yaml"
    quiz.write_text(quiz.read_text().replace("text: Exit", "text: Leave"))
    build(course, tmp_path / "other", formats=("scorm12",))
    result = verify(dist / f"{STEM}-scorm12.zip", items_path=tmp_path / "other" / f"{STEM}-items.csv", browser=browser)
    assert any("error[item-map]: final-assessment.a1: the item map says b is 'Leave'; the page shows 'Exit'" in line
               for line in errors(result)), errors(result)


def test_without_its_item_map_the_walk_still_runs_and_says_so(dist, browser, tmp_path):
    lone = tmp_path / f"{STEM}-scorm2004.zip"
    lone.write_bytes((dist / f"{STEM}-scorm2004.zip").read_bytes())
    result = verify(lone, browser=browser)
    assert errors(result) == []
    assert [f.code for f in result.found.warnings] == ["item-map"]
    assert result.run.sessions[-1].stored["cmi.completion_status"] == "incomplete"  # the assessment was not taken


@pytest.fixture(scope="module")
def wg3_dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wg3")
    subprocess.run([sys.executable, "-m", "builder.cli", "build", str(WG3), "--out", str(out), "-q"], check=True)
    return out


@pytest.mark.parametrize("name", ["scorm12", "scorm2004"])
def test_both_wg3_zips_pass_with_a_report(wg3_dist, tmp_path, name):
    zip_path = next(wg3_dist.glob(f"*-{name}.zip"))
    env = {**os.environ, "XDG_CACHE_HOME": str(TEST_CACHE)}
    proc = subprocess.run([sys.executable, "-m", "builder.cli", "verify", str(zip_path), "--report",
                           str(tmp_path / "report.html")], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "verify: OK (0 errors, 0 warnings)" in proc.stdout
    quiz = load(WG3).assessment  # one interaction per question an attempt shows (its draw and each pool's)
    assert quiz is not None
    shown = (quiz.draw or len(quiz.questions) - sum(len(p.questions) for p in quiz.pools)) + sum(p.draw for p in quiz.pools)
    assert re.search(rf"^Moodle will show: .*grade 100; {shown} interactions", proc.stdout, re.M), proc.stdout
    assert re.search(r"^Cornerstone will show: Completed, score 100", proc.stdout, re.M)
    report = (tmp_path / "report.html").read_text()
    assert "API call log" in report and "OK: 0 errors" in report


# -- anyone's packages ----------------------------------------------------------------------------------
@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"Rustici's Golf samples not found at {SAMPLES} (set CB_SCORM_SAMPLES)")
@pytest.mark.parametrize("name,version", [("golf_runtimebasic_scorm12.zip", "1.2"),
                                          ("golf_runtimebasic_scorm2004_3rd.zip", "2004")])
def test_rusticis_golf_samples_report_what_they_store(browser, name, version):
    result = verify(SAMPLES / name, browser=browser)
    assert errors(result) == []
    warnings = {f.code for f in result.found.warnings}
    assert warnings == ({"value-type", "dialog"} if version == "1.2" else {"value-type", "dialog", "api-error"})
    assert result.run.dialogs == ["confirm(): Would you like to resume from where you previously left off?"]
    first, again = result.run.sessions
    location, exit_, status = (("cmi.core.lesson_location", "cmi.core.exit", "cmi.core.lesson_status") if version == "1.2"
                               else ("cmi.location", "cmi.exit", "cmi.completion_status"))
    assert (first.stored[location], first.stored[exit_], first.stored[status]) == ("0", "suspend", "incomplete")
    assert again.entry == "resume"
    assert "pressed 'Next ->' 14 times" in again.steps
    assert (again.stored[location], again.stored[status]) == ("14", "completed")
    assert "Cornerstone will show: Completed" in lines(result)
    moodle = "Completed, no grade" if version == "1.2" else "completion Completed, success Unknown, no grade"
    assert f"Moodle will show: {moodle}" in lines(result)


# -- broken packages: exit 1 with a located reason --------------------------------------------------------
MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="broken" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Broken</title>
      <item identifier="item" identifierref="sco"{item_attrs}><title>Broken</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""
GOOD_SCO = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title>
{head}<script>
var api = window.parent.{api};
api.{init}("");
api.{set}("{status}", "completed");
api.{commit}("");
{closing}
</script></head><body><p>A one-page SCO.</p></body></html>
"""


def sco(api="API", head="", finish=True) -> bytes:
    version = "2004" if api == "API_1484_11" else "1.2"
    names = {**NAMES[version], "api": api,
             "status": "cmi.completion_status" if version == "2004" else "cmi.core.lesson_status"}
    closing = 'window.addEventListener("pagehide", function () { api.LMSFinish(""); });' if finish else ""
    return GOOD_SCO.format(head=head, closing=closing, **names).encode()


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def manifest(item_attrs: str = "") -> bytes:
    return MANIFEST_12.replace("{item_attrs}", item_attrs).encode()


def example_without(dist: Path, name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(dist / f"{STEM}-scorm12.zip") as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != name}


def example_with_mastery(dist: Path, score: str) -> dict[str, bytes]:
    files = example_without(dist, "")
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(b">80</adlcp:masteryscore>", f">{score}</adlcp:masteryscore>".encode())
    return files


def test_a_well_formed_one_page_sco_passes(tmp_path, browser):
    # The broken packages below differ from this one by one fault each.
    result = verify(write_zip(tmp_path / "good.zip", {"imsmanifest.xml": manifest(), "index.html": sco()}),
                    browser=browser)
    assert errors(result) == [] and result.run.sessions[-1].stored["cmi.core.lesson_status"] == "completed"


BROKEN = {
    "no-manifest": (lambda d: {"index.html": sco()},
                    "bad.zip: error[no-manifest]: no imsmanifest.xml: this zip is not a SCORM package"),
    "manifest-in-a-folder": (lambda d: {"course/imsmanifest.xml": manifest(), "course/index.html": sco()},
                             "bad.zip/course/imsmanifest.xml: error[manifest-location]: imsmanifest.xml is in the folder "
                             "'course/', not at the root of the zip (zip the contents of 'course', not the folder itself)"),
    "invalid-xml": (lambda d: {"imsmanifest.xml": manifest()[:-40], "index.html": sco()},
                    "bad.zip/imsmanifest.xml:14: error[xml]: not well-formed XML: Premature end of data in tag resource"),
    "xsd-invalid": (lambda d: {"imsmanifest.xml": manifest(' isvisible="maybe"'), "index.html": sco()},
                    "bad.zip/imsmanifest.xml:8: error[xsd]: not valid against the SCORM 1.2 schemas: Element "
                    "'{http://www.imsproject.org/xsd/imscp_rootv1p1p2}item', attribute 'isvisible': 'maybe' is not a "
                    "valid value of the atomic type 'xs:boolean'."),
    "missing-file": (lambda d: example_without(d, "player/player.js"),
                     "error[missing-file]: the manifest names player/player.js, which is not in the package"),
    "external-script": (lambda d: {"imsmanifest.xml": manifest(),
                                   "index.html": sco(head='<script src="https://cdn.example.com/tracking.js"></script>\n')},
                        "bad.zip/index.html:3: error[external-resource]: loads https://cdn.example.com/tracking.js "
                        "(<script src>)"),
    "wrong-version-api": (lambda d: {"imsmanifest.xml": manifest(), "index.html": sco(api="API_1484_11")},
                          "bad.zip/index.html:4: error[wrong-api]: first launch: never called LMSInitialize; it looked "
                          "for window.API_1484_11, the SCORM 2004 API (once), but the manifest declares SCORM 1.2"),
    "never-finishes": (lambda d: {"imsmanifest.xml": manifest(), "index.html": sco(finish=False)},
                       "bad.zip/index.html: error[no-finish]: first launch: never called LMSFinish when the LMS closed it"),
    "edited-pass-mark": (lambda d: example_with_mastery(d, "70"),
                         "bad.zip/imsmanifest.xml: error[mastery-score]: the manifest's pass mark is 70; the course's "
                         "assessment passes at 80%"),
    "zip-slip": (lambda d: {"imsmanifest.xml": manifest(), "index.html": sco(), "../escape.html": b"x"},
                 "bad.zip/../escape.html: error[zip-unsafe]: entry climbs out of the package with '..'"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_package_fails_with_a_located_reason(case, dist, tmp_path, browser, monkeypatch):
    files, expected = BROKEN[case]
    monkeypatch.chdir(tmp_path)
    result = verify(write_zip(Path("bad.zip"), files(dist)), browser=browser)
    assert not result.ok
    assert any(expected in line for line in lines(result)), "\n".join(lines(result))
    assert lines(result)[-1].startswith("verify: FAILED (")


def test_the_command_exits_1_and_prints_the_reason(tmp_path):
    write_zip(tmp_path / "bad.zip", {"index.html": sco()})
    env = {**os.environ, "XDG_CACHE_HOME": str(TEST_CACHE), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "builder.cli", "verify", "bad.zip"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "bad.zip: error[no-manifest]: no imsmanifest.xml" in proc.stdout
    assert proc.stdout.rstrip().endswith("verify: FAILED (1 error, 0 warnings)")


def test_a_missing_chromium_is_one_line_that_says_what_to_do(tmp_path, dist):
    result = CliRunner().invoke(main, ["verify", str(dist / f"{STEM}-scorm12.zip"), "--chromium", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output == (f"Error: Chromium not found at {tmp_path / 'none'}: install it (Debian, Ubuntu: apt-get "
                             "install chromium) or give its path with --chromium PATH\n")


def test_a_missing_playwright_is_one_line_that_says_what_to_install(dist, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails as if not installed
    result = CliRunner().invoke(main, ["verify", str(dist / f"{STEM}-scorm12.zip")])
    assert result.exit_code == 1
    assert result.output == ("Error: the browser run needs Playwright for Python: pip install 'coursebuilder[verify]' "
                             "(it drives your Chromium; 'playwright install' is not needed)\n")
