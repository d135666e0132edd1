"""`coursebuilder verify ZIP`: check any SCORM 1.2 or 2004 zip before an admin uploads it.

Static checks first (archive.py, manifest.py, schemas.py, content.py), then a run in headless
Chromium with scorm-again as the LMS (run.py, lms.py), judged by judge.py; views.py says what
Moodle and Cornerstone will show, report.py writes the summary and the HTML report. Packages
coursebuilder built are also walked end to end with their item map (ours.py).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

import click

from ..package.itemmap import Item, from_csv
from . import content, schemas
from .archive import Unpacked, unpack
from .findings import Findings
from .manifest import MANIFEST, Manifest, read_manifest
from .ours import Ours, item_map_beside, recognise
from ..scormagain import VERSION as SCORM_AGAIN, scorm_again
from .judge import judge
from .run import BrowserMissing, Run, run, start_browser

__all__ = ["BrowserMissing", "Result", "verify"]

BIG_UPLOAD = 100 * 1024 ** 2


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Result:
    zip_path: Path
    found: Findings = field(default_factory=Findings)
    checks: list[Check] = field(default_factory=list)
    unpacked: Unpacked | None = None
    manifest: Manifest | None = None
    ours: Ours | None = None
    items: list[Item] | None = None
    items_path: Path | None = None
    api_uses: dict = field(default_factory=dict)  # SCORM API name → [(file, line)] where the content names it
    run: Run | None = None
    runtime: str = ""

    @property
    def ok(self) -> bool:
        return not self.found.errors


def verify(zip_path: Path, items_path: Path | None = None, chromium: Path = Path("/usr/bin/chromium"),
           browser=None, echo: Callable[[str], None] = click.echo) -> Result:
    """Check ``zip_path``; ``browser``: a Playwright Browser to reuse (one is started otherwise).

    Raises BrowserMissing first thing when Playwright or Chromium is not there."""
    result = Result(zip_path=Path(zip_path))
    manager = None
    if browser is None:
        manager, browser = start_browser(chromium)
    try:
        with tempfile.TemporaryDirectory(prefix="coursebuilder-verify-") as tmp:
            if _static(result, Path(tmp), items_path, echo):
                _browser_run(result, browser, echo)
    finally:
        if manager is not None:
            browser.close()
            manager.stop()
    return result


def _step(result: Result, name: str, before: int, detail: str) -> None:
    result.checks.append(Check(name, len(result.found.errors) == before, detail))


def _static(result: Result, into: Path, items_path: Path | None, echo) -> bool:
    """The checks that need no browser; True when there is something to launch."""
    found = result.found
    before = len(found.errors)
    files = result.unpacked = unpack(result.zip_path, into, found)
    if files is None:
        _step(result, "Zip safety", before, "cannot be opened safely")
        return False
    _step(result, "Zip safety", before, f"{len(files.names)} files; no absolute or '..' paths, links, duplicates "
          "or zip bombs" if len(found.errors) == before else "unsafe entries (see the problems)")
    before = len(found.errors)
    if MANIFEST not in files.names:
        _no_manifest(files, found)
        _step(result, "Manifest at the root", before, "missing")
        return False
    manifest = result.manifest = read_manifest((files.root / MANIFEST).read_bytes(), found)
    _step(result, "Manifest at the root", before, "imsmanifest.xml" + ("" if manifest else ": cannot be read"))
    if manifest is None:
        return False
    before = len(found.errors)
    schemas.validate(manifest.xml, manifest.version, found, echo)
    _step(result, "Schema validity", before, f"against the official {manifest.label} schemas "
          f"({schemas.PACKAGE} {schemas.VERSION})")
    before = len(found.errors)
    _referenced(manifest, files, found)
    _step(result, "Referenced files", before, f"{len({f for f, _ in manifest.files})} files named in the manifest")
    before = len(found.errors)
    launch = manifest.launch
    if launch is not None and launch.href not in files.names:
        found.error("missing-file", f"the launch file {launch.href} is not in the package", MANIFEST, launch.line)
    if launch is None:
        result.checks.append(Check("Launch file", False, "none (see the problems)"))
    else:
        _step(result, "Launch file", before, launch.target)
    runnable = launch is not None and launch.href in files.names
    result.ours = recognise(files.root / launch.href) if launch is not None and runnable else None
    if result.ours is not None:
        _pass_mark(result.ours, manifest, found)
    wrong_mastery = any(f.code == "mastery-score" and f.severity == "error" for f in found.items)
    result.checks.append(Check("Mastery score", not wrong_mastery, manifest.mastery or
                               "none: passed or failed comes from the content alone"))
    size = f"{files.packed / 1024:,.1f} KB zipped, {files.unpacked / 1024:,.1f} KB unpacked"
    if files.packed > BIG_UPLOAD:
        found.warning("size", f"the zip is {files.packed / 1024 ** 2:.0f} MB",
                      hint="check the LMS's upload limit (Moodle: Site administration, Security, Site security "
                      "settings, Maximum uploaded file size)")
    result.checks.append(Check("Size", files.packed <= BIG_UPLOAD, size))
    before = len(found.errors)
    api_uses = content.scan(files.root, files.names, found)
    _step(result, "No external loads", before, "pages, styles and scripts read")
    result.api_uses = api_uses
    if result.ours is not None:
        _item_map(result, items_path)
    return runnable


def _pass_mark(ours: Ours, manifest: Manifest, found: Findings) -> None:
    """Our manifest declares the assessment's pass mark, so the LMS and the course agree on passing."""
    if ours.pass_mark is None:
        return
    wanted = ours.pass_mark if manifest.family == "1.2" else ours.pass_mark / 100
    try:
        agrees = manifest.mastery is not None and float(manifest.mastery) == wanted
    except ValueError:  # reported when the manifest was read
        return
    if not agrees:
        found.error("mastery-score", f"the manifest's pass mark is {manifest.mastery or 'missing'}; the course's "
                    f"assessment passes at {ours.pass_mark}%", MANIFEST,
                    hint="an LMS that recomputes passed or failed from it would disagree with the course: build the "
                    "package again, and do not edit its manifest")


def _no_manifest(files: Unpacked, found: Findings) -> None:
    nested = sorted(n for n in files.names if n.rsplit("/", 1)[-1] == MANIFEST)
    other_case = sorted(n for n in files.names if n.lower() == MANIFEST and n != MANIFEST)
    if other_case:
        found.error("no-manifest", f"the manifest is named {other_case[0]}, not {MANIFEST}", other_case[0],
                    hint="LMS servers tell capitals apart: rename it imsmanifest.xml")
    elif nested:
        folder = nested[0].rsplit("/", 1)[0]
        found.error("manifest-location", f"imsmanifest.xml is in the folder '{folder}/', not at the root of the zip",
                    nested[0], hint=f"zip the contents of '{folder}', not the folder itself")
    else:
        found.error("no-manifest", "no imsmanifest.xml: this zip is not a SCORM package",
                    hint="upload the -scorm12.zip or -scorm2004.zip that 'coursebuilder build' wrote")


def _referenced(manifest: Manifest, files: Unpacked, found: Findings) -> None:
    lower = {name.lower(): name for name in files.names}
    for href, line in dict.fromkeys(manifest.files):
        if href in files.names:
            continue
        near = lower.get(href.lower())
        found.error("missing-file", f"the manifest names {href}, which is not in the package", MANIFEST, line,
                    hint=f"the zip has {near}: LMS servers tell capitals apart" if near else
                    "add the file, or remove it from the manifest")


def _item_map(result: Result, items_path: Path | None) -> None:
    ours = result.ours
    assert ours is not None  # only our own packages have an item map
    path = Path(items_path) if items_path else item_map_beside(result.zip_path, ours)
    result.items_path = path
    if not ours.has_assessment:
        result.items = []
        return
    try:
        result.items = from_csv(path.read_bytes())
    except FileNotFoundError:
        result.found.warning("item-map", f"no item map at {path}: the assessment was not answered",
                             hint="keep the -items.csv that 'coursebuilder build' writes beside the zip, or name it "
                             "with --items")
    except (OSError, ValueError, KeyError) as exc:
        result.found.error("item-map", f"{path} cannot be read as an item map ({exc})")


def _browser_run(result: Result, browser, echo) -> None:
    runtime_dir = scorm_again(echo, rerun="coursebuilder verify", purpose="verify's LMS")
    result.runtime = f"scorm-again {SCORM_AGAIN}"
    unpacked, manifest = result.unpacked, result.manifest
    assert unpacked is not None and manifest is not None and manifest.launch is not None  # the static checks passed
    result.run = run(browser, unpacked.root, manifest.family, manifest.launch.target, runtime_dir, result.ours,
                     result.items)
    judge(result.run, manifest, result.api_uses, result.ours, result.items, result.found)
