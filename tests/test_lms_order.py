"""The order in which the LMS receives values, read from scorm-again's call log.

Cornerstone's general reports show a score of 0 when a status reaches it before the score
(adaptlearning/adapt_framework issue 2604), so in every flush (the SetValue calls up to a Commit,
LMSFinish or Terminate) each score element comes before the status elements. Also checked: the
bookmark and suspend_data before the status in the final flush, exit before LMSFinish/Terminate.
"""
from __future__ import annotations

import pytest

from support.lms import LmsSession
from support.player import PASSED_100, answer_quiz, go_to, outcome, retry, visit_all
from builder.scormapi import NAMES
from support.player import VERSIONS, example_course, example_packages, exit_course


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return example_packages(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def course():
    return example_course()

SET, COMMIT, FINISH = ({version: names[name] for version, names in NAMES.items()} for name in ("set", "commit", "finish"))
SCORE = {"1.2": ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"),
         "2004": ("cmi.score.scaled", "cmi.score.raw", "cmi.score.min", "cmi.score.max")}
STATUS = {"1.2": ("cmi.core.lesson_status",), "2004": ("cmi.completion_status", "cmi.success_status")}
FINAL_STATUS = {"1.2": ("cmi.core.lesson_status", {"passed", "failed"}),
                "2004": ("cmi.success_status", {"passed", "failed"})}
RESUME = {"1.2": ("cmi.core.lesson_location", "cmi.suspend_data"), "2004": ("cmi.location", "cmi.suspend_data")}
EXIT = {"1.2": "cmi.core.exit", "2004": "cmi.exit"}


def flushes(calls: list[dict], version: str) -> list[list[dict]]:
    """The SetValue calls of each flush: up to each Commit, LMSFinish or Terminate (and any left after)."""
    out, current = [], []
    for call in calls:
        if call["method"] == SET[version]:
            current.append(call)
        elif call["method"] in (COMMIT[version], FINISH[version]):
            out.append(current)
            current = []
    return out + ([current] if current else [])


def assert_score_before_status(calls: list[dict], version: str) -> int:
    """Every flush: each score element's first SetValue before the flush's first status SetValue, and a
    final status (passed/failed) never in a flush without the score. Returns how many flushes had both."""
    checked = 0
    final_element, final_values = FINAL_STATUS[version]
    for n, sets in enumerate(flushes(calls, version)):
        elements = [c["args"][0] for c in sets]
        status_at = [i for i, e in enumerate(elements) if e in STATUS[version]]
        scores = {e: elements.index(e) for e in SCORE[version] if e in elements}
        finals = [c for c in sets if c["args"][0] == final_element and c["args"][1] in final_values]
        if finals:
            assert set(scores) == set(SCORE[version]), f"flush {n}: final status without the score: {elements}"
        if scores and status_at:
            assert set(scores) == set(SCORE[version]), f"flush {n}: only some score elements: {elements}"
            assert max(scores.values()) < min(status_at), f"flush {n}: a status before the score: {elements}"
            checked += 1
    return checked


def assert_accepted_score_before_final_status(calls: list[dict], version: str) -> None:
    """What the LMS stored, in time: no final status is accepted before every score element is."""
    accepted: set[str] = set()
    final_element, final_values = FINAL_STATUS[version]
    for call in calls:
        if call["method"] != SET[version] or call["result"] != "true":
            continue
        element, value = call["args"][0], call["args"][1]
        if element == final_element and value in final_values:
            assert accepted >= set(SCORE[version]), f"{element}={value} accepted before the score: {sorted(accepted)}"
        accepted.add(element)


def assert_final_flush_order(calls: list[dict], version: str) -> None:
    """The last write: bookmark and suspend_data before the status, exit before LMSFinish/Terminate."""
    api = [c for c in calls if c["method"] in (SET[version], COMMIT[version], FINISH[version])]
    methods = [c["method"] for c in api]
    assert methods.count(FINISH[version]) == 1 and methods[-1] == FINISH[version], methods[-5:]
    end = len(api) - 1
    if version == "1.2":  # LMSCommit then LMSFinish: one closing step
        assert methods[end - 1] == COMMIT[version]
        end -= 1
    start = max((i for i, m in enumerate(methods[:end]) if m == COMMIT[version]), default=-1) + 1
    elements = [c["args"][0] for c in api[start:end]]
    status_at = min(i for i, e in enumerate(elements) if e in STATUS[version])
    for element in RESUME[version]:
        assert element in elements[:status_at], f"{element} not before the status in the final flush: {elements}"
    assert EXIT[version] in elements, elements


def set_calls(session: LmsSession, version: str, element: str) -> list[dict]:
    return [c for c in session.calls() if c["method"] == SET[version] and c["args"][0] == element]


@pytest.mark.parametrize("version", VERSIONS)
def test_passing_sends_the_score_before_the_status(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    visit_all(session.frame, len(course.screens))
    answer_quiz(session.frame, course.assessment, correct=True)
    exit_course(session)
    calls = session.calls()
    assert outcome(session.cmi(), version) == PASSED_100[version]
    assert assert_score_before_status(calls, version) >= 2  # the submit and the exit
    assert_accepted_score_before_final_status(calls, version)
    assert_final_flush_order(calls, version)
    assert session.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_failing_sends_no_score_while_attempts_remain_then_the_score_before_failed(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    frame = session.frame
    visit_all(frame, len(course.screens))
    answer_quiz(frame, course.assessment, correct=False)
    assert not [c for c in session.calls() if c["method"] == SET[version] and c["args"][0] in SCORE[version]]
    assert set_calls(session, version, STATUS[version][0])  # the status went, without a score
    retry(frame, course.assessment)
    answer_quiz(frame, course.assessment, correct=False)
    exit_course(session)
    calls = session.calls()
    assert outcome(session.cmi(), version)[-2 if version == "2004" else -1] == "0"
    assert assert_score_before_status(calls, version) >= 2
    assert_accepted_score_before_final_status(calls, version)
    assert_final_flush_order(calls, version)
    assert session.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_then_pass_keeps_the_order(page, packages, course, version):
    first = LmsSession.launch(page, packages[version], version)
    visit_all(first.frame, len(course.screens))
    answer_quiz(first.frame, course.assessment, correct=False)
    second = first.relaunch()
    assert_final_flush_order(first.calls(), version)
    assert not [c for c in first.calls() if c["method"] == SET[version] and c["args"][0] in SCORE[version]]
    frame = second.frame
    frame.wait_for_selector(f"form#quiz-{course.assessment.id} button.retry:not([hidden])")
    retry(frame, course.assessment)
    answer_quiz(frame, course.assessment, correct=True)
    exit_course(second)
    calls = second.calls()
    assert outcome(second.cmi(), version) == PASSED_100[version]
    assert assert_score_before_status(calls, version) >= 2
    assert_accepted_score_before_final_status(calls, version)
    assert_final_flush_order(calls, version)
    assert second.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_an_outage_keeps_the_order_in_the_retries(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    frame = session.frame
    session.set_faulting(True)
    visit_all(frame, len(course.screens))
    answer_quiz(frame, course.assessment, correct=True)
    assert outcome(session.cmi(), version) != PASSED_100[version]
    session.set_faulting(False)
    go_to(frame, 1)  # the next change sends what is still waiting
    assert outcome(session.cmi(), version) == PASSED_100[version]
    exit_course(session)
    calls = session.calls()
    injected = [c for c in calls if c.get("injected")]
    assert {c["method"] for c in injected} >= {SET[version], COMMIT[version]}
    # During the outage the status waits for the refused score; after it and at exit both go, in order.
    refused = [sets for sets in flushes(calls, version)
               if any(c["args"][0] in SCORE[version] and c["injected"] for c in sets)]
    assert refused and all(c["args"][0] not in STATUS[version] for sets in refused for c in sets)
    assert assert_score_before_status(calls, version) >= 2
    assert_accepted_score_before_final_status(calls, version)
    assert_final_flush_order(calls, version)
    assert [c for c in session.errors() if not c.get("injected")] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_refused_score_holds_the_status_back_until_the_final_write(page, packages, course, version):
    session = LmsSession.launch(page, packages[version], version)
    frame = session.frame
    visit_all(frame, len(course.screens))
    session.set_faulting(True, only=SCORE[version][0].rsplit(".", 1)[0] + ".")
    answer_quiz(frame, course.assessment, correct=True)
    go_to(frame, 1)
    final_element, _ = FINAL_STATUS[version]
    assert session.get(final_element) != "passed"  # held while the score is refused
    assert not [c for c in set_calls(session, version, final_element) if c["args"][1] == "passed"]
    assert [c for c in session.errors() if c["args"][0] == SCORE[version][0]]  # the score was tried
    exit_course(session)  # the final write sends the status anyway: a learner is never left without it
    calls = session.calls()
    assert session.get(final_element) == "passed"
    assert assert_score_before_status(calls, version) >= 1
    assert_final_flush_order(calls, version)
