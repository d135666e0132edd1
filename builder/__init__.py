"""coursebuilder: plain-text courses into SCORM 1.2, SCORM 2004 and offline web packages."""

__version__ = "0.1.0"  # pyproject.toml reads it from here
