"""Themes: the player's scripts a theme lists (theme.yaml `scripts:`), joined into player/player.js."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import theme as theme_module
from builder.build import build
from builder.errors import Reporter, SourceRef
from builder.theme import load_theme, themes_root

EXAMPLE = Path(__file__).parent / "fixtures" / "example"


@pytest.fixture
def themes(tmp_path, monkeypatch) -> Path:
    """A themes folder with the default theme and room for others."""
    root = tmp_path / "themes"
    shutil.copytree(themes_root() / "default", root / "default")
    monkeypatch.setattr(theme_module, "themes_root", lambda: root)
    return root


def code_lines(source: str) -> list[str]:
    """The lines of a script that hold code: not blank, not in a comment on lines of its own."""
    out, inside = [], False
    for line in source.splitlines():
        text = line.strip()
        if inside or text.startswith("/*"):
            inside = "*/" not in text
        elif text and not text.startswith("//"):
            out.append(line)
    return out


def test_the_package_carries_the_scripts_in_the_listed_order(tmp_path):
    web = next(p for p in build(EXAMPLE, tmp_path, formats=("web",)) if p.is_dir())
    player = (web / "player" / "player.js").read_text(encoding="utf-8")
    theme = load_theme("default", Reporter(), SourceRef(EXAMPLE / "course.yaml"))
    assert [p.name for p in theme.scripts] == ["core.js", "codec.js", "scoring.js", "scorm.js", "storage.js",
                                               "progress.js", "screens.js", "quiz.js", "scenario.js", "ending.js",
                                               "main.js"]
    # each file, its header comment (its job, for maintainers) replaced by its name, its comment lines
    # left out, every line of code kept in order
    sources = [p.read_text(encoding="utf-8") for p in theme.scripts]
    assert all(source.startswith("/* coursebuilder player, " + p.name) for p, source in zip(theme.scripts, sources))
    parts = player.split("\n/* ")
    assert [part.split(" */", 1)[0].lstrip("/* ") for part in parts] == [p.name for p in theme.scripts]
    for part, source in zip(parts, sources):
        kept = [line for line in part.split("\n")[1:] if line.strip()]
        assert kept == code_lines(source.split("*/\n", 1)[1])
    assert "coursebuilder player," not in player
    # print.css: the toolkit sheets' print rules, resource.js their way back: linked by resource pages only
    assert sorted(p.name for p in (web / "player").iterdir()) == ["player.css", "player.js", "print.css",
                                                                    "resource.js"]
    assert '<script src="player/player.js"></script>' in (web / "index.html").read_text(encoding="utf-8")


def test_a_theme_replaces_one_script_in_its_place(themes):
    child = themes / "child"
    (child / "scripts").mkdir(parents=True)
    (child / "theme.yaml").write_text("extends: default\n")
    (child / "scripts" / "quiz.js").write_text("/* another quiz.js */\n")
    theme = load_theme("child", Reporter(), SourceRef(Path("course.yaml")))
    assert [p.relative_to(themes).as_posix() for p in theme.scripts][6:] == [
        "default/scripts/screens.js", "child/scripts/quiz.js", "default/scripts/scenario.js", "default/scripts/ending.js",
        "default/scripts/main.js"]


def test_a_script_no_theme_has_is_a_located_error(themes):
    (themes / "broken").mkdir()
    (themes / "broken" / "theme.yaml").write_text("extends: default\nscripts: [core.js, missing.js]\n")
    reporter = Reporter()
    assert load_theme("broken", reporter, SourceRef(Path("course.yaml"), 7)) is None
    assert [str(d) for d in reporter.diagnostics] == [
        "course.yaml:7: error[theme]: theme 'broken' lists the script 'missing.js', which no scripts/ folder of it has"]
