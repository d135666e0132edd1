"""The WG3 module: the structure its brief asks for, safe language, and a full run in the LMS."""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from builder.build import build
from builder.errors import Reporter
from builder.load import load
from builder.stigma import Matcher, builtin_terms
from support.lms import LmsSession
from support.player import PASSED_100, answer_quiz, complete_correctly, course_of, outcome, retry, unpack, visit_all

WG3 = Path(__file__).resolve().parents[1] / "course_src" / "wg3-manager-wellbeing"
STIGMATISING = ["commit suicide", "committed suicide", "commits suicide", "the mentally ill", "suffering from",
                "crazy", "psycho", "schizo", "lunatic", "normal people", "insane", "mental patient"]


@pytest.fixture(scope="module")
def course():
    return course_of(WG3)


def test_it_builds_without_warnings():
    reporter = Reporter()
    load(WG3, reporter)
    assert [str(d) for d in reporter.diagnostics] == []


def test_lessons_have_objectives_and_a_knowledge_check(course):
    lessons = [s.lesson for s in course.screens if s.lesson]
    assert len(lessons) >= 8
    for lesson in lessons:
        assert lesson.objectives, lesson.path
        checks = [course.quizzes[q] for q, _ in lesson.quiz_ids if not course.quizzes[q].graded]
        assert checks, f"{lesson.path} has no knowledge check"


def test_the_final_assessment(course):
    quiz = course.assessment
    assert quiz is not None and quiz.graded
    assert course.screens[-1].quiz is quiz
    assert (quiz.pass_mark, quiz.attempts, quiz.shuffle) == (80, 3, True)
    assert (quiz.reveal, quiz.layout) == ("last-attempt", "one-per-screen")  # no answers before the last attempt
    # parallel variants: each pool holds at least twice what an attempt draws from it, all of one type
    assert quiz.pools and quiz.draw is None and not quiz.own
    for pool in quiz.pools:
        assert len(pool.questions) >= 2 * pool.draw, pool.id
        assert len({q.type for q in pool.questions}) == 1, pool.id
    assert sum(pool.draw for pool in quiz.pools) == 10  # questions per attempt
    assert len({q.type for q in quiz.questions}) >= 4
    assert not {q.type for q in quiz.questions} & {"fill-in", "ordering"}  # recall and orders without one right answer
    outline = {s.lesson.path for s in course.screens if s.lesson}
    assert all(q.review in outline for q in quiz.questions), [q.id for q in quiz.questions if q.review not in outline]
    single = [q for q in quiz.questions if q.type == "single"]
    longest = [q.id for q in single
               if max(len(o.text) for o in q.options) == max(len(o.text) for o in q.options if o.correct)]
    assert len(longest) * 3 <= len(single), longest  # the right option is the longest in at most a third


def test_check_strict_is_clean():
    """Every check, including the item-writing rules, with warnings as errors."""
    from click.testing import CliRunner

    from builder.cli import main

    result = CliRunner().invoke(main, ["check", "--strict", str(WG3)])
    assert result.exit_code == 0, result.output
    assert ": off" not in (WG3 / "course.yaml").read_text()  # no rule turned off for this course


def test_amiras_branching_scenario_is_in_the_conversation_lesson(course):
    lesson = next(s.lesson for s in course.screens if s.lesson and s.lesson.path.endswith("08-talking-with-a-team-member.md"))
    assert [sid for sid, _ in lesson.scenario_ids] == ["amira-after-the-flood"]
    scenario = course.scenarios["amira-after-the-flood"]
    endings = [n for n in scenario.nodes if n.ending]
    assert len(endings) >= 2 and all(len(n.text.split()) >= 30 for n in endings)  # each with a debrief
    assert sum(1 for n in scenario.nodes for c in n.choices if c.consequence) >= 5  # choices have consequences
    # the mistakes the module warns about each lead somewhere that explains them
    choices = " ".join(c.text for n in scenario.nodes for c in n.choices).lower()
    for mistake in ("month off", "team meeting", "psychologist", "promise"):
        assert mistake in choices, mistake


def test_the_module_takes_60_to_70_minutes_and_says_so(course):
    from builder.check.timing import estimate

    minutes = estimate(course).minutes
    assert 60 <= minutes <= 70, minutes
    stated = re.findall(r"about \*\*(\d+) minutes\*\*", (WG3 / "lessons" / "01-welcome.md").read_text())
    assert stated and all(60 <= int(m) <= 70 and abs(int(m) - minutes) <= 5 for m in stated), (stated, minutes)
    assert course.duration is None or 60 <= course.duration <= 70


def test_every_toolkit_resource_is_linked_from_a_lesson(course):
    linked = set()
    for screen in course.screens:
        if screen.lesson:
            for link in screen.lesson.links:
                target = (WG3 / Path(screen.lesson.path).parent / link.href.split("#")[0]).resolve()
                linked.add(target)
    resources = {p.resolve() for p in (WG3 / "resources").iterdir()}
    assert resources and resources <= linked, sorted(str(p) for p in resources - linked)


def test_every_image_has_alt_text(tmp_path):
    build(WG3, tmp_path, formats=("web",))
    pages = list(tmp_path.rglob("*.html")) + list(tmp_path.rglob("screens/*.js"))
    images = 0
    for page in pages:
        text = page.read_text()
        if page.suffix == ".js":  # __cbScreen(n,{"html": ...});
            text = json.loads(text[text.index(",") + 1: text.rindex(")")])["html"]
        for img in lxml_html.fromstring(text).iter("img"):
            images += 1
            assert (img.get("alt") or "").strip(), f"{page}: {img.get('src')}"
    assert images >= 1


@pytest.mark.parametrize("term", STIGMATISING)
def test_no_stigmatising_language(term):
    pattern = re.compile(r"\b" + re.escape(term) + r"\b", re.IGNORECASE)
    hits = [f"{p.relative_to(WG3)}:{n}" for p in sorted(WG3.rglob("*")) if p.suffix in (".md", ".yaml")
            for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert hits == []


def test_none_of_the_builders_stigmatising_terms():
    """The list `coursebuilder check` uses (builder/stigma), over every lesson, sheet, quiz and scenario."""
    matcher = Matcher(builtin_terms("en"))
    hits = [f"{p.relative_to(WG3)}:{n}: {found}" for p in sorted(WG3.rglob("*")) if p.suffix in (".md", ".yaml")
            for n, line in enumerate(p.read_text().splitlines(), 1) for _, found, _ in matcher.find(line)]
    assert hits == []


# ---- the toolkit: printable sheets ------------------------------------------------------------

SHEETS_WITH_NAMES = ["team-check-in", "post-incident-checklist", "conversation-guide", "return-to-work-plan",
                     "after-a-colleagues-death"]  # names next to health-related notes


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wg3web")
    build(WG3, out, formats=("web",))
    return next(out.glob("*-web"))


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF, also those Chromium packs into compressed object streams."""
    texts = [pdf]
    for stream in re.finditer(rb"stream\r?\n", pdf):
        try:
            texts.append(zlib.decompressobj().decompress(pdf[stream.end():pdf.find(b"endstream", stream.end())]))
        except zlib.error:
            pass  # not a Flate stream
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", text)) for text in texts)


def sheets(web: Path) -> list[Path]:
    return sorted(p for p in (web / "resources").glob("*.html") if p.stem != "whole-toolkit")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_toolkit_sheet_prints_on_one_page(page, web, paper):
    found = sheets(web)
    assert len(found) >= 13, [p.stem for p in found]
    pages = {}
    for sheet in found:
        page.goto(sheet.as_uri())
        pdf = page.pdf(format=paper)
        assert pdf_pages(pdf) >= 1
        pages[sheet.stem] = pdf_pages(pdf)
    assert pages == {name: 1 for name in pages}
    page.goto((web / "resources" / "whole-toolkit.html").as_uri())  # `::: all-resources`
    assert pdf_pages(page.pdf(format=paper)) == 1 + len(found)  # its introduction, then a page per sheet


def test_printed_tables_span_the_page_and_are_not_clipped(page, web):
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 1000})  # about the printable width of A4 at 96 px/in
    for sheet in sheets(web):
        page.goto(sheet.as_uri())
        boxes = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')].map(w => ({
            wrap: w.clientWidth, table: w.querySelector('table').scrollWidth,
            main: document.querySelector('main').clientWidth,
            cells: Math.min(...[...w.querySelectorAll('td:empty')].map(td => td.getBoundingClientRect().height))}))""")
        for box in boxes:
            assert box["table"] <= box["wrap"] and box["wrap"] >= box["main"] - 1, (sheet.stem, box)
            assert box["cells"] >= 28, (sheet.stem, box)  # 8 mm is about 30 px: room to write by hand


def test_the_course_ending_links_the_whole_toolkit(course, web):
    assert course.toolkit == "resources/whole-toolkit.md"
    page = (web / "resources" / "whole-toolkit.html").read_text()
    assert page.count('class="toolkit-sheet"') == len(sheets(web))  # every sheet gathered once


def test_resource_pages_link_the_print_styles(web):
    for sheet in sheets(web):
        links = lxml_html.fromstring(sheet.read_text()).xpath("//link[@rel='stylesheet']/@href")
        assert "../player/print.css" in links, sheet.stem
    assert "@page" in (web / "player" / "print.css").read_text()


@pytest.mark.parametrize("name", SHEETS_WITH_NAMES)
def test_sheets_that_collect_names_say_how_to_store_share_and_destroy_them(name):
    text = (WG3 / "resources" / f"{name}.md").read_text()
    for word in ("Store", "Share", "Destroy"):
        assert f"**{word}**" in text, (name, word)


def test_the_team_check_in_rules_out_a_group_retelling():
    text = (WG3 / "resources" / "team-check-in.md").read_text()
    rules = text[text.index("## Ground rules"):text.index("## Choose")]
    assert "do not retell" in rules


@pytest.fixture(scope="module")
def packages(tmp_path_factory, course) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wg3")
    build(WG3, out, formats=("scorm12", "scorm2004"))
    stem = f"{course.id}-{course.version}"
    return {"1.2": unpack(out / f"{stem}-scorm12.zip", out / "p12"),
            "2004": unpack(out / f"{stem}-scorm2004.zip", out / "p2004")}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_completing_the_module_correctly_passes_with_100(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    assert outcome(complete_correctly(session, course), version) == PASSED_100[version]
    assert session.errors() == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_all_wrong_is_incomplete_after_attempts_1_and_2_and_failed_after_3(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    frame, quiz = session.frame, course.assessment
    visit_all(frame, len(course.screens))
    for attempt in (1, 2, 3):
        if attempt > 1:
            retry(frame, quiz)
        result = answer_quiz(frame, quiz, correct=False)
        assert "You scored 0%" in result, result
        if attempt < 3:
            assert outcome(session.cmi(), version) == (("incomplete", None) if version == "1.2"
                                                      else ("incomplete", "unknown", None, None))
    assert outcome(session.cmi(), version) == (("failed", "0") if version == "1.2" else ("completed", "failed", "0", "0"))
    assert session.errors() == []


# ---- the lessons: plain language, sources ----------------------------------------------------

LESSONS = sorted((WG3 / "lessons").glob("*.md"))


def lesson_blocks(path: Path) -> list[str]:
    """The text a learner reads, one string per paragraph, list item or table cell: no front
    matter, headings (titles), `:::` lines or image alt text."""
    from builder.markdown import parse

    blocks, heading = [], False
    for token in parse(path.read_text(encoding="utf-8")):
        if token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
        elif token.type == "inline" and not heading:
            text = "".join(" " if c.type in ("softbreak", "hardbreak") else c.content
                           for c in token.children or [] if c.type in ("text", "code_inline", "softbreak", "hardbreak"))
            if text.strip() and not text.strip().startswith(":::"):
                blocks.append(" ".join(text.split()))
    return blocks


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_reads_easily(lesson):
    import textstat  # the 'test' extra pins it: another version scores differently

    score = textstat.flesch_reading_ease(" ".join(lesson_blocks(lesson)))
    assert score >= 60, f"{lesson.name}: Flesch Reading Ease {score:.1f}"


@pytest.mark.parametrize("lesson", LESSONS + sorted((WG3 / "resources").glob("*.md")), ids=lambda p: p.stem)
def test_no_sentence_over_25_words(lesson):
    long = [sentence for block in lesson_blocks(lesson) for sentence in re.split(r"(?<=[.!?])\s+", block)
            if len(sentence.split()) > 25]
    assert long == []


SOURCES = ["WHO guidelines on mental health at work", "Mental health at work: policy brief",
           "IASC Guidelines on Mental Health and Psychosocial Support", "Managing stress in humanitarian workers",
           "Mental Health Matters", "2009", "Core Humanitarian Standard", "People In Aid Code",
           "Preventing suicide: a resource for media professionals", "PFA for ALL",
           "Single-session psychological debriefing", "ICD-11", "Caring for volunteers"]


def test_lesson_12_lists_the_sources_the_module_uses():
    listed = (WG3 / "lessons" / "12-further-reading.md").read_text(encoding="utf-8")
    assert [s for s in SOURCES if s not in listed] == []
    assert [line for line in listed.splitlines() if "Thormar" in line and not re.search(r"\(\d{4}\)", line)] == []
    # every title a toolkit sheet or scenario names in italics is in the list too
    named = {title for path in (WG3 / "resources").glob("*.md") for title in re.findall(r"(?<!\*)\*([A-Z][^*]+)\*(?!\*)", path.read_text())}
    assert named and [t for t in sorted(named) if t not in listed] == []
