"""Self-tests of the test harness (support.schemas, support.lms, support.browser).

Why: before the harness judges our own packages, it must get third-party packages right.
Test data: Rustici's "Golf Examples" (Run-time Basic Calls) in ../shared/scorm-samples/
(see its README), used unmodified. Skipped when shared/ is not beside the repo clone.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from builder.scormapi import NAMES

from support.browser import page_dialogs, page_requests
from support.lms import LmsSession
from support.schemas import validate_manifest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "scorm-samples"
GOLF = {
    "1.2": "golf_runtimebasic_scorm12.zip",
    "2004": "golf_runtimebasic_scorm2004_3rd.zip",
}
LOCATION = {"1.2": "cmi.core.lesson_location", "2004": "cmi.location"}
ENTRY = {"1.2": "cmi.core.entry", "2004": "cmi.entry"}
SET, INIT, FINISH = ({version: names[name] for version, names in NAMES.items()} for name in ("set", "init", "finish"))

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"third-party sample packages not found at {SAMPLES} "
    "(CI clones the repo with shared/ beside it)"
)


def unzip(name: str, dest: Path) -> Path:
    with zipfile.ZipFile(SAMPLES / name) as zf:
        zf.extractall(dest)
    return dest


@pytest.fixture(params=sorted(GOLF), ids=lambda v: f"scorm{v}")
def golf(request, tmp_path) -> tuple[str, Path]:
    version = request.param
    return version, unzip(GOLF[version], tmp_path / "pkg")


# ---------------------------------------------------------------- manifest schemas
@pytest.mark.parametrize(
    "zip_name,schema_version",
    [(GOLF["1.2"], "1.2"), (GOLF["2004"], "2004-3"), (GOLF["2004"], "2004-4")],
)
def test_sample_manifests_validate(zip_name, schema_version):
    with zipfile.ZipFile(SAMPLES / zip_name) as zf:
        xml = zf.read("imsmanifest.xml")
    assert validate_manifest(xml, schema_version) == []


@pytest.mark.parametrize("schema_version", ["1.2", "2004-4"])
def test_broken_manifests_are_reported(schema_version):
    zip_name = GOLF["1.2"] if schema_version == "1.2" else GOLF["2004"]
    with zipfile.ZipFile(SAMPLES / zip_name) as zf:
        xml = zf.read("imsmanifest.xml")
    # an element the content-packaging schema does not allow there
    broken = xml.replace(b"<organizations ", b"<bogus/><organizations ", 1)
    errors = validate_manifest(broken, schema_version)
    assert errors and any("bogus" in e for e in errors), errors
    # a wrong value for a vocabulary attribute
    vocab = xml.replace(b'scormtype="sco"', b'scormtype="video"', 1) if schema_version == "1.2" \
        else xml.replace(b'scormType="sco"', b'scormType="video"', 1)
    assert vocab != xml
    assert validate_manifest(vocab, schema_version)
    # 1.2 manifest against 2004 schema (wrong namespace) and plain garbage
    assert validate_manifest(xml, "2004-4" if schema_version == "1.2" else "1.2")
    assert validate_manifest(b"<manifest", schema_version)[0].startswith("not well-formed")


def test_validation_never_follows_schema_location(tmp_path):
    """A manifest pointing its schemaLocation at the web still validates offline."""
    with zipfile.ZipFile(SAMPLES / GOLF["1.2"]) as zf:
        xml = zf.read("imsmanifest.xml")
    xml = xml.replace(b" imscp_rootv1p1p2.xsd", b" http://example.invalid/imscp_rootv1p1p2.xsd")
    assert validate_manifest(xml, "1.2") == []


# ---------------------------------------------------------------- runtime harness
def test_launch_navigate_relaunch_resumes(page, golf):
    version, pkg = golf
    session = LmsSession.launch(page, pkg, version)
    assert session.frame.url.endswith("/pkg/shared/launchpage.html")

    calls = session.calls()
    assert calls[0]["method"] == INIT[version]
    assert (calls[0]["result"], calls[0]["errorCode"]) == ("true", "0")
    assert session.cmi()[ENTRY[version]] == ("" if version == "1.2" else "ab-initio")

    session.frame.click("#butNext")
    session.frame.click("#butNext")
    page.wait_for_function(
        "(k) => window.__lms.cmi(false)[k] === '2'", arg=LOCATION[version]
    )
    assert not [e for e in session.errors() if e["method"] == SET[version]]

    second = session.relaunch()
    # the first launch was closed by its own unload handler: suspend + Finish/Terminate
    finish = [c for c in session.calls() if c["method"] == FINISH[version]]
    assert finish and finish[-1]["result"] == "true"
    assert session.cmi()["cmi.core.exit" if version == "1.2" else "cmi.exit"] == "suspend"

    data = second.cmi()
    assert data[ENTRY[version]] == "resume"
    assert data[LOCATION[version]] == "2"
    got = [c for c in second.calls() if c["method"].endswith("GetValue")
           and c["args"] == [LOCATION[version]]]
    assert got and got[0]["result"] == "2" and got[0]["errorCode"] == "0"
    # the package asks "resume where you left off?" — the harness accepted it
    assert any("resume" in d["message"] for d in page_dialogs(page))
    assert second.previous is session


def test_fault_mode_fails_writes_and_recovers(page, golf):
    version, pkg = golf
    session = LmsSession.launch(page, pkg, version)
    api = "API" if version == "1.2" else "API_1484_11"
    expected_set = "101" if version == "1.2" else "351"
    expected_commit = "101" if version == "1.2" else "391"

    session.set_faulting(True)
    session.frame.click("#butNext")  # the SCO stores its bookmark -> fails
    failed = [c for c in session.errors() if c["method"] == SET[version]]
    assert failed, session.calls()
    assert failed[-1]["result"] == "false"
    assert failed[-1]["errorCode"] == expected_set and failed[-1]["injected"] is True
    assert session.cmi()[LOCATION[version]] == "0"  # nothing reached the runtime

    commit, err = session.frame.evaluate(
        f"""() => {{ const a = window.parent.{api};
            const c = a.{'LMSCommit' if version == '1.2' else 'Commit'}('');
            return [c, a.{'LMSGetLastError' if version == '1.2' else 'GetLastError'}()]; }}"""
    )
    assert (commit, err) == ("false", expected_commit)
    # the content was told about the failure (the Golf SCO alerts the learner)
    assert any("Could not store" in d["message"] for d in page_dialogs(page))

    session.set_faulting(False)
    session.frame.click("#butNext")
    last_set = [c for c in session.calls() if c["method"] == SET[version]][-1]
    assert (last_set["result"], last_set["errorCode"], last_set["injected"]) == ("true", "0", False)
    assert session.cmi()[LOCATION[version]] == "2"


def test_harness_stays_on_localhost(page, golf):
    version, pkg = golf
    session = LmsSession.launch(page, pkg, version)
    session.frame.click("#butNext")
    session.relaunch()
    hosts = {urlsplit(r["url"]).hostname for r in page_requests(page)
             if r["url"].startswith(("http:", "https:"))}
    assert hosts == {"127.0.0.1"}


BLANK_SCO = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<script>
var api = window.parent.API;
api.LMSInitialize("");
[["cmi.interactions.0.id", "q1"], ["cmi.interactions.0.type", "choice"],
 ["cmi.interactions.0.student_response", "a"],
 ["cmi.interactions.0.correct_responses.0.pattern", "b"],
 ["cmi.interactions.0.result", "wrong"], ["cmi.interactions.0.weighting", "1"],
 ["cmi.interactions.0.latency", "00:00:05"], ["cmi.interactions.0.time", "12:30:00"],
 ["cmi.core.exit", "suspend"], ["cmi.core.session_time", "00:01:00"]
].forEach(function (p) { api.LMSSetValue(p[0], p[1]); });
api.LMSCommit("");
</script></head><body><p>t</p></body></html>
"""


def test_scorm12_interactions_are_readable_from_lms_side(page, tmp_path):
    """1.2 interactions are write-only for the SCO, but cmi() shows what the LMS stores."""
    (tmp_path / "index.html").write_text(BLANK_SCO)
    session = LmsSession.launch(page, tmp_path, "1.2")
    assert session.errors() == []
    data = session.cmi()
    assert {k: data[k] for k in data if k.startswith("cmi.interactions.0.")}.items() >= {
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "a",
        "cmi.interactions.0.correct_responses.0.pattern": "b",
        "cmi.interactions.0.result": "wrong",
        "cmi.interactions.0.weighting": "1",
        "cmi.interactions.0.latency": "00:00:05",
        "cmi.interactions.0.time": "12:30:00",
    }.items()
    # ... and the SCO itself cannot read them back (404 = element is write only)
    got = session.frame.evaluate(
        "() => [parent.API.LMSGetValue('cmi.interactions.0.id'), parent.API.LMSGetLastError()]"
    )
    assert got == ["", "404"]
    # the data survives a relaunch; total_time accumulates each session's session_time
    second = session.relaunch()
    assert session.cmi()["cmi.core.total_time"] == "00:01:00"
    after = second.cmi()
    assert after["cmi.core.entry"] == "resume"
    assert after["cmi.interactions.0.result"] == "wrong"
    assert after["cmi.core.total_time"] == "00:02:00"  # the SCO reported 1 min again
