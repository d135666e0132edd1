"""What verify found: one line per problem, located inside the zip like a path, so every reason
names the file (and line) to look at: ``dist/x.zip/imsmanifest.xml:12: error[xsd]: ... (hint)``."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" (exit 1) | "warning"
    code: str
    message: str
    entry: str | None = None  # a file inside the package; None: the zip itself
    line: int | None = None
    hint: str | None = None

    def where(self, package: str) -> str:
        return package + (f"/{self.entry}" if self.entry else "") + (f":{self.line}" if self.line else "")

    def text(self) -> str:
        return self.message + (f" ({self.hint})" if self.hint else "")

    def located(self, package: str) -> str:
        return f"{self.where(package)}: {self.severity}[{self.code}]: {self.text()}"


@dataclass
class Findings:
    items: list[Finding] = field(default_factory=list)

    def error(self, code: str, message: str, entry: str | None = None, line: int | None = None, *,
              hint: str | None = None) -> None:
        self.items.append(Finding("error", code, message, entry, line, hint))

    def warning(self, code: str, message: str, entry: str | None = None, line: int | None = None, *,
                hint: str | None = None) -> None:
        self.items.append(Finding("warning", code, message, entry, line, hint))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity == "warning"]


# Every code verify reports: (severity, what it means). Verify judges any vendor's zip, not a
# course, so no course setting changes these; some are an error or a warning by case, as said.
CODES: dict[str, tuple[str, str]] = {
    "not-a-zip": ("error", "the file cannot be opened as a zip"),
    "zip-unsafe": ("error", "an entry is unsafe to unpack: an absolute or '..' path, a '\\' separator, a symbolic "
                            "link, an encrypted entry, or a file stored twice"),
    "zip-bomb": ("error", "too many entries, or more unpacked bytes than the limit or than the zip says"),
    "zip-damaged": ("error", "an entry cannot be unpacked"),
    "no-manifest": ("error", "no imsmanifest.xml at the root (also: named with other capitals)"),
    "manifest-location": ("error", "imsmanifest.xml is in a folder, not at the root of the zip"),
    "xml": ("error", "the manifest is not well-formed XML"),
    "manifest": ("error", "the manifest's root element is not <manifest>"),
    "scorm-version": ("error", "the SCORM version cannot be told (warning: read from the namespaces because "
                               "schemaversion is not a SCORM value)"),
    "xsd": ("error", "the manifest is not valid against its SCORM version's schemas (warning: a 2004 3rd-edition "
                     "manifest's inline LOM metadata, for which no schema is shipped)"),
    "missing-file": ("error", "a file the manifest names, or the content asks for while running, is not in the zip"),
    "launch": ("error", "nothing to launch, or a launch file outside the package (warning: the first item launches "
                        "an asset, which reports nothing)"),
    "mastery-score": ("error", "a mastery score out of range, or (our own packages) not the assessment's pass mark"),
    "size": ("warning", "the zip is over 100 MB: check the LMS's upload limit"),
    "external-resource": ("error", "a page, style or script of the package loads something from outside it"),
    "external-request": ("error", "the content requested something outside the package while running"),
    "no-initialize": ("error", "the content never started a session"),
    "wrong-api": ("error", "the content looked for the other SCORM version's API"),
    "no-finish": ("error", "the content did not call LMSFinish / Terminate when the LMS closed it"),
    "api-error": ("error", "the LMS answered a call with an error code (warning for GetValue)"),
    "value-type": ("warning", "a number passed where SCORM wants a string"),
    "suspend-data": ("error", "saved progress over its SCORM version's limit (warning: near it)"),
    "session-time": ("error", "a session time not in the SCORM version's format"),
    "resume-data": ("error", "the LMS could not hand back the data it kept"),
    "dialog": ("warning", "the content opened a dialog"),
    "script-error": ("warning", "an uncaught error in the content's scripts"),
    "run-stopped": ("error", "the browser run stopped early (its message says why)"),
    "item-map": ("error", "our own package: the item map is missing (warning), unreadable, or does not match the "
                          "page or what the LMS stored"),
    "outcome": ("error", "our own package: the walk did not end passed and complete"),
    "resume": ("error", "our own package: the relaunch did not resume at the bookmarked screen"),
    "walk": ("error", "our own package: a screen was not reached"),
}


def markdown() -> str:
    """The table of codes in docs/cli.md ("coursebuilder verify")."""
    rows = ["| code | severity | what it means |", "| --- | --- | --- |"]
    rows += [f"| `{code}` | {severity} | {about} |" for code, (severity, about) in CODES.items()]
    return "\n".join(rows) + "\n"
