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
