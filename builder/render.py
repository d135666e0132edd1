"""Course model → OutputTree {relative path: bytes}: the player shell, one script per screen,
toolkit pages, the course's media and the theme's static files. Nothing here writes to disk."""
from __future__ import annotations

from html import escape
import posixpath
import re
from dataclasses import dataclass
from collections.abc import Callable

from markupsafe import Markup

from . import markdown, render_nav
from .cache import RenderCache
from .catalogue import ADMIN_PREFIX, catalogue, direction
from .completion import runtime_table
from .paths import PathProblem, caption_tracks, page_href, parse_href
from .progress import Progress, silent
from .render_scenario import HEADING_SHIFT, scenario_file, scenario_html
from .json_island import json_island
from .toolkit import gathered
from .local import expand, expand_text
from .model import Course, Quiz, Screen
from .render_quiz import QuizRenderer, verdicts
from .state_budget import STATE_LIMIT, STATE_VERSION, structure_key
from .theme import Theme, template_errors
from .workers import forked_map

# Fewer screens than this, and starting workers costs more than they save (docs/benchmarks.md).
FORK_SCREENS = 150
PLAYER_SCRIPT = "player/player.js"  # the theme's scripts, joined: one request instead of nine on a slow link
OutputTree = dict[str, bytes]


def screen_file(number: int) -> str:
    return f"screens/{number:04d}.js"


def quiz_file(quiz: Quiz) -> str:
    """The file a quiz's texts are written in: their links are relative to it."""
    return f"quizzes/{quiz.id}.yaml"


@dataclass(frozen=True)
class Rendered:
    """A rendered course: every file but index.html, which differs per package kind."""

    files: OutputTree
    index: Callable[[str | None], bytes]  # SCORM version ("1.2", "2004") or None → index.html

    def tree(self, scorm: str | None) -> OutputTree:
        return dict(sorted({**self.files, "index.html": self.index(scorm)}.items()))


def render(course: Course, theme: Theme, cache: RenderCache | None = None, progress: Progress = silent,
           jobs: int = 1) -> Rendered:
    """Every file of the course's packages but the manifest. ``cache`` (the preview keeps one): a
    screen whose inputs are unchanged is not rendered again. ``jobs`` > 1: screens may be rendered
    by that many worker processes (builder/workers.py). A course theme's template that fails
    raises AuthoringError at its line, now or when ``index`` runs it."""
    with template_errors(theme):
        return _Renderer(course, theme, cache, progress, jobs).render()


class _Renderer:
    def __init__(self, course: Course, theme: Theme, cache: RenderCache | None = None,
                 progress: Progress = silent, jobs: int = 1):
        self.course = course
        self.jobs = jobs
        self.theme = theme
        self.cache = cache
        self.progress = progress
        self.t = catalogue(course.language)
        self.lesson_screens = render_nav.lesson_screens(course)
        self.anchor_screens = render_nav.anchor_screens(course)
        self.packaged = frozenset(course.files)
        self.quiz_index = {quiz_id: i for i, quiz_id in enumerate(course.quiz_order)}
        self.quizzes = QuizRenderer(course, theme.env, self.t, self.inline, self.kept)
        self.scenario_index = {scenario_id: i for i, scenario_id in enumerate(course.scenario_order)}

    def render(self) -> Rendered:
        out: OutputTree = {}
        cache = self.cache
        if cache is not None:
            # What every screen depends on besides its own lesson or quiz: when it changes, all are redone.
            context = (self.theme, self.course.root, self.course.language, len(self.course.screens),
                       tuple(self.lesson_screens.items()), self.course.quiz_order, tuple(self.course.local.items()),
                       tuple(s.title for s in self.course.screens),  # quizzes link the lessons to review
                       self.course.untranslated)
            if cache.context != context:
                cache.clear()
                cache.context = context
        first_html, first_data = "", []
        screens = list(self.course.screens)
        outputs = self.screen_outputs(screens)
        for screen, (html, data, script) in zip(screens, outputs):
            if script is not None:
                out[screen_file(screen.number)] = script
            else:
                first_html, first_data = html, data
        course = self.course
        index_deps = (first_html, tuple(s.title for s in course.screens), course.id, course.title, course.version,
                      course.description, course.copyright, course.authors, tuple(course.theme_options.items()))

        def index(scorm: str | None) -> bytes:
            with template_errors(self.theme):
                return cached_index(scorm)

        def cached_index(scorm: str | None) -> bytes:
            config = self.config(scorm)
            hit = cache.index.get(scorm) if cache is not None else None
            if hit is not None and hit[0] == (index_deps, config):
                return hit[1]
            page = self.page("index.html.j2", first_screen=Markup(first_html),
                             first_data=Markup(json_island(first_data)),
                             config=Markup(json_island(config))).encode()
            if cache is not None:
                cache.index[scorm] = ((index_deps, config), page)
            return page

        for resource in self.course.resources:
            env = self.env_for(resource.output_path, resource.path)
            env["draw_all_resources"] = lambda page=resource.output_path: self.all_resources(page)
            html = markdown.render(expand(resource.tokens, self.course.local), env)
            out[resource.output_path] = self.page("resource.html.j2", resource.output_path, resource=resource,
                                                  body=Markup(html),
                                                  base=_up(resource.output_path)).encode()
        for rel in self.course.files:
            out[rel] = self.read(self.course.root / rel)
        for rel, path in self.theme.static_files().items():
            out["player/" + rel] = self.read(path)
        out[PLAYER_SCRIPT] = b"".join(_script_part(path.name, self.read(path)) for path in self.theme.scripts)
        logo = self.course.theme_options.get("logo")
        if logo:  # a course path the loader checked (builder/paths.py)
            out[logo] = self.read(self.course.root / logo)
        return Rendered(files=out, index=index)

    def all_resources(self, page: str) -> str:
        """`::: all-resources` on the page ``page``: each toolkit page a lesson links to, in a section
        that starts a new printed page, its headings one level down (the page keeps one h1)."""
        parts = []
        for n, sheet in enumerate(gathered(self.course), 1):
            env = self.env_for(page, sheet.path, shift=1)
            env["id_prefix"] = f"r{n}-"
            title = "" if markdown.page_title(sheet.tokens) else f"<h2>{escape(sheet.title)}</h2>\n"
            body = markdown.render(expand(sheet.tokens, self.course.local), env)
            parts.append(f'<section class="toolkit-sheet" style="break-before: page">\n{title}{body}</section>\n')
        return "".join(parts)

    def read(self, path) -> bytes:
        return self.cache.read_bytes(path) if self.cache is not None else path.read_bytes()

    def screen_outputs(self, screens: list[Screen]) -> list[tuple[str, list, bytes | None]]:
        """Each screen's output, by worker processes when asked for (``jobs``) and worth it."""
        total = len(screens)
        if self.cache is None and total >= FORK_SCREENS:
            found = forked_map(self.screen_output, screens, self.jobs,
                               done=lambda n: self.progress("rendering", n, total))
            if found is not None:
                return found
        outputs = []
        for screen in screens:
            self.progress("rendering", screen.number, total)
            outputs.append(self.screen_output(screen))
        return outputs

    def screen_output(self, screen: Screen) -> tuple[str, list, bytes | None]:
        """A screen's HTML, quiz data and (after the first screen) its screens/NNNN.js script."""
        cache = self.cache
        deps = None
        if cache is not None:
            lesson = screen.lesson
            quizzes = tuple(self.course.quizzes.get(q) for q, _ in lesson.quiz_ids) if lesson else ()
            scenarios = tuple(self.course.scenarios.get(s) for s, _ in lesson.scenario_ids) if lesson else ()
            deps = (screen, quizzes, scenarios)
            hit = cache.screens.get(screen.number)
            if hit is not None and hit[0] == deps:
                return hit[1], hit[2], hit[3]
        html, data = self.screen_html(screen)
        script = None
        if screen.number > 1:
            payload = json_island({"html": html, "quizzes": data}, in_html=False)
            script = f"__cbScreen({screen.number},{payload});\n".encode()
        if cache is not None:
            cache.screens[screen.number] = (deps, html, data, script)
        return html, data, script

    def page(self, template: str, page: str = "index.html", **context) -> str:
        course = self.course
        options = dict(course.theme_options)
        if options.get("logo"):  # as the page links to it
            options["logo"] = page_href(options["logo"], page)
        return self.theme.env.get_template(template).render(
            course=course, t=self.t, lang=course.language, dir=direction(course.language),
            theme_options=options, screens=course.screens, stylesheets=self.theme.stylesheets,
            script=PLAYER_SCRIPT, source=self.source, **context)

    def config(self, scorm: str | None) -> dict:
        course = self.course
        assessment = course.assessment
        return {
            "id": course.id,
            "version": course.version,
            "title": course.title,
            "scorm": scorm,
            "stateVersion": STATE_VERSION,
            "structure": structure_key(course),
            "stateLimit": STATE_LIMIT,
            "screens": len(course.screens),
            "quizzes": [{"id": q.id, "graded": q.graded, "drawn": q.drawn, "n": len(q.questions)}
                        for q in course.quizzes.values()],
            "verdicts": verdicts(),
            "assessment": self.quiz_index[assessment.id] if assessment else None,
            "passMark": assessment.pass_mark if assessment else None,
            "attempts": assessment.attempts if assessment else 0,
            "status": runtime_table(course.completion, graded=assessment is not None),
            "lockAssessment": course.assessment_opens == "after-screens",
            "toolkit": page_href(course.toolkit[:-3] + ".html", "index.html") if course.toolkit else None,
            "strings": {k: v for k, v in self.t.items() if not k.startswith(ADMIN_PREFIX)},
        }

    # -- screens ----------------------------------------------------------------------------
    def screen_html(self, screen: Screen) -> tuple[str, list]:
        quiz_data: list = []

        def draw_quiz(quiz_id: str) -> str:
            quiz = self.course.quizzes[quiz_id]
            quiz_data.append(self.quiz_data(quiz))
            return self.quiz_html(quiz, on_own_screen=False)

        if screen.lesson:
            env = self.env_for("index.html", screen.lesson.path, draw_quiz=draw_quiz, screen=screen.number,
                               shift=markdown.body_heading_shift(screen.lesson.tokens))
            env["draw_scenario"] = lambda scenario_id: self.scenario_html(scenario_id, screen.number)
            body = markdown.render(expand(screen.lesson.tokens, self.course.local), env)
        else:
            assert screen.quiz is not None  # a screen shows a lesson or a quiz
            quiz_data.append(self.quiz_data(screen.quiz))
            body = self.quiz_html(screen.quiz, on_own_screen=True)
        html = self.theme.env.get_template("screen.html.j2").render(
            screen=screen, lesson=screen.lesson, body=Markup(body), t=self.t,
            total=len(self.course.screens), source=self.source)
        return html, quiz_data

    def scenario_html(self, scenario_id: str, screen: int) -> str:
        scenario = self.course.scenarios[scenario_id]

        def env(prefix: str) -> dict:
            found = self.env_for("index.html", scenario_file(scenario), screen=screen, shift=HEADING_SHIFT)
            return {**found, "id_prefix": prefix}

        return scenario_html(scenario, self.scenario_index[scenario_id], self.theme, self.t, env, self.kept)

    def env_for(self, page: str, source: str, draw_quiz=None, screen: int | None = None, shift: int = 0) -> dict:
        """How links, media and headings in Markdown render: written in the course file ``source``,
        seen from the output page ``page`` (and screen)."""
        def resolve_link(href: str) -> dict:
            return self.link_attrs(href, source, page, screen)

        def resolve_media(src: str) -> dict:
            return self.media_attrs(src, source, page)

        return {"resolve_link": resolve_link, "resolve_media": resolve_media, "draw_quiz": draw_quiz,
                "table_label": self.t["table"], "new_window_label": self.t["opens_new_window"], "heading_shift": shift,
                "id_prefix": f"s{screen}-" if screen else "",
                "callout_titles": {k: self.t["callout_" + k] for k in markdown.CALLOUT_KINDS}}

    def link_attrs(self, href: str, source: str, page: str, screen: int | None = None) -> dict:
        try:
            found = parse_href(source, href)
        except PathProblem:  # the loader refuses these; a link that cannot be followed is text
            return {}
        if found.kind == "web":
            if href.lower().startswith(("http://", "https://")):
                return {"href": href, "target": "_blank", "rel": "noopener", "class": "external"}
            return {"href": href}
        fragment = found.fragment
        if found.kind == "anchor":
            elsewhere = self.anchor_screens.get((source, fragment[1:]))
            if screen and elsewhere not in (None, screen):  # in another screen of this split lesson
                return {"href": f"#s{elsewhere}", "data-screen": elsewhere, "data-anchor": f"s{elsewhere}-{fragment[1:]}"}
            if screen:  # a section of this screen: ids carry the screen prefix
                return {"href": f"#s{screen}-{fragment[1:]}"}
            return {"href": fragment}
        target = found.target
        if target in self.lesson_screens:
            number = self.anchor_screens.get((target, fragment[1:]), self.lesson_screens[target]) if fragment else \
                self.lesson_screens[target]
            if page == "index.html":
                anchor = f"s{number}-{fragment[1:]}" if fragment else None
                return {"href": f"#s{number}", "data-screen": number, "data-anchor": anchor}
        if target.startswith("resources/") and target.endswith(".md"):
            target = target[:-3] + ".html"
        return {"href": page_href(target, page, fragment), "target": "_blank", "class": "resource"}

    def media_attrs(self, src: str, source: str, page: str) -> dict:
        try:
            found = parse_href(source, src, image=True)
        except PathProblem:  # the loader refuses these
            return {"src": "", "tracks": ()}
        target = found.target
        tracks = []
        for track in caption_tracks(self.course.root, target):
            if track not in self.packaged:  # only what the loader checked and packages
                continue
            parts = posixpath.basename(track).split(".")
            lang = parts[-2] if len(parts) == 3 else (self.course.source_language or self.course.language)
            tracks.append({"src": page_href(track, page), "lang": lang, "label": lang})
        tracks.sort(key=lambda t: t["lang"] != self.course.language)  # the first is the default: the course's language
        return {"src": page_href(target, page), "tracks": tracks}

    # -- quizzes ----------------------------------------------------------------------------
    def inline(self, text: str | None, quiz: Quiz) -> Markup | None:
        """A quiz text as HTML; its links are relative to the quiz file and shown on index.html."""
        if text is None:
            return None
        html = markdown.render_inline(expand_text(text, self.course.local),
                                      lambda: self.env_for("index.html", quiz_file(quiz)))
        return self.kept(text, html)

    def source(self, text: str) -> Markup:
        """A plain text (a title, an objective) for a template, marked as ``kept`` marks it."""
        return self.kept(text, str(escape(text)))

    def kept(self, text: str, html: str) -> Markup:
        """``html``, the rendering of ``text``; in a span with the source's language and direction
        when a translation left ``text`` untranslated (screen readers then read it in its language,
        and its punctuation stays in place in a right-to-left page)."""
        language = self.course.source_language
        if language is None or text not in self.course.untranslated:
            return Markup(html)
        return Markup(f'<span lang="{escape(language)}" dir="{direction(language)}">{html}</span>')

    def quiz_html(self, quiz: Quiz, on_own_screen: bool) -> str:
        return self.quizzes.html(quiz, on_own_screen)

    def quiz_data(self, quiz: Quiz) -> dict:
        return self.quizzes.data(quiz)


def _script_part(name: str, source: bytes) -> bytes:
    """One script of the player as the package carries it: its header comment (its job, for whoever
    changes it) gives way to its name, and the comments on lines of their own are left out (for
    maintainers: a quarter of the player's bytes)."""
    header = _HEADER.match(source)
    return f"/* {name} */\n".encode() + _COMMENT_LINES.sub(b"", source[header.end():] if header else source)


_HEADER = re.compile(rb"\s*/\*.*?\*/[ \t]*\n", re.S)
# A comment from the start of a line to the end of a line, nothing else on them (never code after */).
_COMMENT_LINES = re.compile(rb"^[ \t]*(?:/\*(?:(?!\*/).)*\*/|//[^\n]*)[ \t]*\n", re.S | re.M)


def _up(page: str) -> str:
    depth = page.count("/")
    return "../" * depth

