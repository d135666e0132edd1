"""The tests' LMS: the product's LMS host (builder/lmshost: the real scorm-again runtime, every
API call recorded with its error code, the data an LMS keeps between sessions, a fault mode)
around a package, with scorm-again from tests/npm (``support.npm``), never a mock.

Import as ``from support.lms import LmsSession`` (tests/conftest.py puts tests/ on sys.path).

    session = LmsSession.launch(page, package_dir, "1.2")     # or "2004"
    session.frame                 # Frame of the content iframe (loaded)
    session.calls(); session.errors(); session.cmi()
    session.set_faulting(True); ...; session.set_faulting(False)
    session2 = session.relaunch() # content closed -> Finish; relaunched with entry=resume
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.lmshost import Launch, LmsHost
from builder.verify.findings import Findings
from builder.verify.manifest import read_manifest

from .npm import node_modules

ERROR_QUERIES = {"LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic", "GetLastError", "GetErrorString",
                 "GetDiagnostic"}


def _family(version: str) -> str:
    if version in ("1.2", "2004"):
        return version
    if version in ("2004-3", "2004-4"):
        return "2004"
    raise ValueError(f"unknown SCORM version {version!r}; use '1.2' or '2004'")


def launch_href(package_dir: Path) -> str:
    """Launch file of the package, as its manifest names it (no manifest: index.html)."""
    manifest = Path(package_dir) / "imsmanifest.xml"
    read = read_manifest(manifest.read_bytes(), Findings()) if manifest.exists() else None
    return read.launch.target if read is not None and read.launch is not None else "index.html"


class LmsSession:
    """One launch of a package in the test LMS. Create with :meth:`launch`."""

    def __init__(self, page, host: LmsHost, version: str, generation: int, previous: "LmsSession | None"):
        self.page = page
        self.host = host
        self.version = version
        self.generation = generation
        self.previous = previous
        self._launch: Launch | None = None
        self._file = "index.html"

    @classmethod
    def launch(cls, page, package_dir: Path, version: str, cmi: dict | None = None,
               launch: str | None = None) -> "LmsSession":
        """Serve ``package_dir`` and open it in ``page`` under a fresh scorm-again API.

        ``version``: "1.2" or "2004" ("2004-3"/"2004-4" accepted). ``cmi``: the data a previous
        session ended with (e.g. ``session.cmi()``); entry becomes "resume" if its exit was
        "suspend". ``launch``: path inside the package (default: from imsmanifest.xml).
        """
        host = LmsHost(package_dir, node_modules() / "scorm-again" / "dist")
        page.on("close", lambda _p: host.stop())
        session = cls(page, host, _family(version), 1, None)
        session._open(cmi, launch or launch_href(Path(package_dir)))
        return session

    def _open(self, cmi: dict | None, launch: str) -> None:
        self._file = launch
        self._launch = self.host.launch(self.page, self.version, launch, stored=cmi, number=self.generation)
        if self._launch.load_problems:
            raise RuntimeError(f"scorm-again rejected the initial CMI data: {self._launch.load_problems}")

    @property
    def url(self) -> str:
        return self.host.url

    @property
    def frame(self):
        """Playwright Frame of the content iframe (loaded)."""
        return self._launch.content_frame()

    def calls(self) -> list[dict]:
        """Every API call of this launch, in order: {method, args, result, errorCode, injected, t, ...}."""
        return self._launch.calls()

    def errors(self) -> list[dict]:
        """Calls that ended with a non-zero error code (injected ones have ``injected: True``), but for
        the error queries (GetLastError/GetErrorString/GetDiagnostic): they echo the call before them."""
        return [c for c in self.calls()
                if c["method"] not in ERROR_QUERIES and str(c.get("errorCode")) not in ("0", "None", "")]

    def cmi(self, include_total_time: bool = True) -> dict[str, Any]:
        """The data model as the LMS holds it: flat {"cmi.core.lesson_status": ...}, interactions
        included (write-only for a 1.2 SCO, but stored by the LMS)."""
        return self._launch.cmi(include_total_time)

    def get(self, element: str) -> Any:
        """Shortcut for ``cmi()[element]``."""
        return self.cmi().get(element)

    def set_faulting(self, on: bool, only: str | None = None) -> None:
        """Switch the simulated LMS outage on/off; ``only``: an element prefix such as ``"cmi.score."``."""
        self._launch.set_faulting(on, only)

    def close_content(self) -> None:
        """Navigate the content iframe away (its unload handlers should Finish/Terminate)."""
        self._launch.close()

    def relaunch(self, launch: str | None = None) -> "LmsSession":
        """Close the content, keep what the LMS stores, and launch again in the same page."""
        self.close_content()
        nxt = LmsSession(self.page, self.host, self.version, self.generation + 1, self)
        nxt._open(self.cmi(include_total_time=True), launch or self._file)
        return nxt

    def close(self) -> None:
        """Stop the HTTP server (also happens when the page closes)."""
        self.host.stop()

    def __enter__(self) -> "LmsSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
