"""Test-support package for the coursebuilder test suite.

Imported as ``support.<module>`` (tests/conftest.py puts ``tests/`` on sys.path):

- ``support.npm``      installs the pinned third-party JS/XSD test deps from npm (tests/npm/).
- ``support.schemas``  offline XSD validation of imsmanifest.xml (SCORM 1.2 / 2004).
- ``support.browser``  launching the system Chromium through Playwright, request recording.
- ``support.lms``      the tests' LMS: the product's LMS host (builder/lmshost) with tests/npm's scorm-again.
"""
