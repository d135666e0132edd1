"""The LMS host: the real scorm-again runtime as an LMS around a SCORM package, shared by
`coursebuilder preview` (its LMS page), `coursebuilder verify` and the tests' harness.

static/lms.js makes one launch (the API, the call log, the data an LMS keeps between sessions,
the fault mode); static/host.html and host.js are the plain LMS page; host.py serves that page
and drives it through Playwright.
"""
from .host import HOST_SCRIPT, Launch, LmsHost

__all__ = ["HOST_SCRIPT", "Launch", "LmsHost"]
