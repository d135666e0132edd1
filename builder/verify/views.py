"""What Moodle and Cornerstone will show an admin for the data the LMS stored, in their words.

From the LMSs' documented behaviour, not from the platforms themselves (verify cannot reach them):
- Moodle, SCORM 1.2: with a mastery score in the manifest and "Mastery score overrides status" on
  (Moodle's default), a reported score turns the status into passed or failed against it. The
  grade is the score (Grading method: highest grade).
- Cornerstone (help.csod.com, "Display Failed Status for Online Classes"): passed or completed
  puts the course in Completed; incomplete is In Progress; failed shows Failed where the portal
  displays that status, and otherwise leaves the course In Progress. In SCORM 2004 the
  completion status decides Completed.
"""
from __future__ import annotations

from .manifest import Manifest

WORDS = {"passed": "Passed", "failed": "Failed", "completed": "Completed", "incomplete": "Incomplete",
         "browsed": "Browsed", "not attempted": "Not attempted", "unknown": "Unknown"}


def _moodle_12(stored: dict, mastery: str | None) -> str:
    status = stored.get("cmi.core.lesson_status", "not attempted") or "not attempted"
    raw = stored.get("cmi.core.score.raw", "")
    note = ""
    if mastery and raw not in ("", None):
        try:
            recomputed = "passed" if float(raw) >= float(mastery) else "failed"
        except ValueError:
            recomputed = status
        if recomputed != status:
            note = f" (the course reported {status}; Moodle recomputes it from score {raw} and mastery score {mastery})"
            status = recomputed
    grade = f"grade {raw}" if raw not in ("", None) else "no grade"
    return f"{WORDS.get(status, status)}, {grade}{note}"


def _cornerstone(completed: bool, failed: bool, raw: str) -> str:
    score = f", score {raw}" if raw not in ("", None) else ""
    if failed:
        return f"Failed{score} where the portal displays the Failed status (otherwise In Progress)"
    return ("Completed" if completed else "In Progress") + score


def views(manifest: Manifest, stored: dict) -> dict[str, str]:
    """{"Moodle": "...", "Cornerstone": "..."} for what the LMS holds after the run."""
    if not stored:
        return {"Moodle": "nothing: the package never committed any data",
                "Cornerstone": "Not Started or In Progress: the package never committed any data"}
    interactions = sum(1 for k in stored if k.startswith("cmi.interactions.") and k.endswith(".id"))
    answers = f"; {interactions} interaction{'s' if interactions != 1 else ''} in the reports" if interactions else ""
    if manifest.family == "1.2":
        status = stored.get("cmi.core.lesson_status", "")
        raw = stored.get("cmi.core.score.raw", "")
        moodle = _moodle_12(stored, manifest.mastery) + answers
        cornerstone = _cornerstone(status in ("passed", "completed"), status == "failed", raw)
        return {"Moodle": moodle, "Cornerstone": cornerstone + answers}
    completion = stored.get("cmi.completion_status", "unknown") or "unknown"
    success = stored.get("cmi.success_status", "unknown") or "unknown"
    raw = stored.get("cmi.score.raw", "")
    grade = f"grade {raw}" if raw not in ("", None) else "no grade"
    moodle = f"completion {WORDS.get(completion, completion)}, success {WORDS.get(success, success)}, {grade}"
    return {"Moodle": moodle + answers,
            "Cornerstone": _cornerstone(completion == "completed", success == "failed", raw) + answers}
