"""A weak and a fair version of a quiz for each item-writing rule, with why the rule matters:
docs/check.md shows them (``python -m builder.docs``), and tests/test_check_items.py checks that
the weak one gets its warning and the fair one none. Each is the quiz file after its header
(id, title, kind: assessment, pass_mark), so the examples stay short."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    why: str
    bad: str
    good: str


EXAMPLES: dict[str, Example] = {
    "few-options": Example(
        "With two options a guess is right half the time, so a learner who knows nothing scores about 50%.",
        """\
questions:
  - id: first-step
    type: single
    prompt: "A volunteer says they cannot sleep since the flood. What do you do first?"
    options:
      - {text: "Listen and ask what would help", correct: true}
      - {text: "Tell them to take a week off"}
""",
        """\
questions:
  - id: first-step
    type: single
    prompt: "A volunteer says they cannot sleep since the flood. What do you do first?"
    options:
      - {text: "Listen and ask what would help", correct: true}
      - {text: "Tell them to take a week off"}
      - {text: "Refer them to a psychologist"}
""",
    ),
    "uneven-options": Example(
        "An option much longer (or shorter) than the rest stands out before it is read; test-wise learners "
        "pick the long one.",
        """\
questions:
  - id: after-deployment
    type: single
    prompt: "What helps a team after a hard deployment?"
    options:
      - {text: "A short check-in where each person may speak or pass, and the leader listens", correct: true}
      - {text: "A party"}
      - {text: "Nothing"}
""",
        """\
questions:
  - id: after-deployment
    type: single
    prompt: "What helps a team after a hard deployment?"
    options:
      - {text: "A check-in where each person may speak or pass", correct: true}
      - {text: "A debriefing where everyone must retell the events"}
      - {text: "An evening out, with no talk about the deployment"}
""",
    ),
    "all-of-the-above": Example(
        "A learner who sees two right options knows the answer without knowing the third; with `shuffle: "
        "true`, \"above\" may be below. Found in English, French, Spanish and Arabic.",
        """\
questions:
  - id: signs
    type: single
    prompt: "Which signs may show stress?"
    options:
      - {text: "Poor sleep"}
      - {text: "Irritability"}
      - {text: "All of the above", correct: true}
""",
        """\
questions:
  - id: signs
    type: multiple
    prompt: "Which signs may show stress? Choose all that apply."
    options:
      - {text: "Poor sleep", correct: true}
      - {text: "Irritability", correct: true}
      - {text: "Wanting to work more", correct: true}
      - {text: "Better concentration"}
""",
    ),
    "similar-options": Example(
        "Two options that say the same are either both right or differ by a trap (a full stop, a word "
        "ending); the question then tests reading, not knowledge.",
        """\
questions:
  - id: after-looking
    type: single
    prompt: "Which action principle comes after looking?"
    options:
      - {text: "Listening", correct: true}
      - {text: "Listen"}
      - {text: "Linking"}
""",
        """\
questions:
  - id: after-looking
    type: single
    prompt: "Which action principle comes after looking?"
    options:
      - {text: "Listening", correct: true}
      - {text: "Preparing"}
      - {text: "Linking"}
""",
    ),
    "answer-in-prompt": Example(
        "A prompt that holds its answer word for word is answered by matching words, not by knowing.",
        """\
questions:
  - id: fourth-principle
    type: fill-in
    prompt: "Prepare, look, listen and link: which one connects people with support? (link)"
    answers: [link]
""",
        """\
questions:
  - id: fourth-principle
    type: fill-in
    prompt: "Prepare, look, listen and ___: which principle connects people with support?"
    answers: [link]
""",
    ),
    "longest-correct": Example(
        "Authors write the right answer most carefully, so it grows longest; learners learn to pick the "
        "longest option. Found when it is the longest in more than half the single-choice questions of a quiz "
        "(3 or more), or of all the course's quizzes together (6 or more).",
        """\
questions:
  - id: q1
    type: single
    prompt: "A colleague is quieter than usual. What do you do?"
    options:
      - {text: "Ask privately how they are doing", correct: true}
      - {text: "Wait and see"}
      - {text: "Tell the team"}
  - id: q2
    type: single
    prompt: "A volunteer asks you to keep a risk of harm secret. You..."
    options:
      - {text: "Stay with them and say who you will tell", correct: true}
      - {text: "Promise secrecy"}
      - {text: "Call their family"}
  - id: q3
    type: single
    prompt: "After a critical incident, the team first needs..."
    options:
      - {text: "Rest, food and practical support", correct: true}
      - {text: "A group debriefing"}
      - {text: "A new assignment"}
""",
        """\
questions:
  - id: q1
    type: single
    prompt: "A colleague is quieter than usual. What do you do?"
    options:
      - {text: "Ask privately how they are", correct: true}
      - {text: "Wait a few weeks and see"}
      - {text: "Mention it at the team meeting"}
  - id: q2
    type: single
    prompt: "A volunteer asks you to keep a risk of harm secret. You..."
    options:
      - {text: "Stay and say who you will tell", correct: true}
      - {text: "Promise to keep it secret"}
      - {text: "Call their family straight away"}
  - id: q3
    type: single
    prompt: "After a critical incident, the team first needs..."
    options:
      - {text: "Rest, food and practical support", correct: true}
      - {text: "A group debriefing"}
      - {text: "A new assignment"}
""",
    ),
    "same-correct-count": Example(
        "When every \"choose all that apply\" question has, say, two right options, a learner ticks two "
        "without judging each one. Found when all of 3 or 4 multiple-answer questions of a quiz (all but one "
        "from 5), or 80% of 6 or more across the course's quizzes, have the same number right.",
        """\
questions:
  - {id: m1, type: multiple, prompt: "Which may show stress?",
     options: [{text: Poor sleep, correct: true}, {text: Irritability, correct: true}, {text: Good appetite}]}
  - {id: m2, type: multiple, prompt: "Which protect well-being?",
     options: [{text: Regular breaks, correct: true}, {text: Peer support, correct: true}, {text: Longer shifts}]}
  - {id: m3, type: multiple, prompt: "Which belong in a check-in?",
     options: [{text: A choice to pass, correct: true}, {text: Listening, correct: true}, {text: Judging}]}
""",
        """\
questions:
  - {id: m1, type: multiple, prompt: "Which may show stress?",
     options: [{text: Poor sleep, correct: true}, {text: Irritability, correct: true}, {text: Good appetite}]}
  - {id: m2, type: multiple, prompt: "Which protect well-being?",
     options: [{text: Regular breaks, correct: true}, {text: Skipping meals}, {text: Longer shifts}]}
  - {id: m3, type: multiple, prompt: "Which belong in a check-in?",
     options: [{text: A choice to pass, correct: true}, {text: Listening, correct: true},
               {text: Follow-up, correct: true}, {text: Judging}]}
""",
    ),
    "feedback-reveals": Example(
        "In an assessment with `reveal: last-attempt` (the default), or any quiz with `reveal: never`, "
        "feedback on a wrong answer that states the right one would hand it to the next attempt, so the player "
        "holds it back until the answers may be shown (with `never`, for good). Feedback that says why and what to review can teach "
        "without giving the answer. Looks for a right option's text or an accepted fill-in answer in the "
        "`incorrect:` feedback and in wrong options' feedback.",
        """\
attempts: 3
questions:
  - id: fourth-principle
    type: fill-in
    prompt: "After prepare, look and listen, which action principle connects people with support?"
    answers: [link]
    feedback:
      correct: "Yes. Link means helping people reach services and loved ones."
      incorrect: "The missing word is Link."
""",
        """\
attempts: 3
questions:
  - id: fourth-principle
    type: fill-in
    prompt: "After prepare, look and listen, which action principle connects people with support?"
    answers: [link]
    feedback:
      correct: "Yes. Link means helping people reach services and loved ones."
      incorrect: "Not quite. Review the four action principles in the lesson on psychological first aid."
""",
    ),
    "small-pool": Example(
        "A draw measures again at the next attempt only if there are other questions to draw: with fewer "
        "than twice as many questions as it draws, the next attempt repeats some of those just answered "
        "(and whose answers the learner may have been shown).",
        """\
attempts: 3
pools:
  - id: disclosure
    draw: 1
    questions:
      - id: disclosure-shift
        type: true-false
        prompt: "A volunteer who mentions ending their life at the end of a shift should be asked directly about it."
        answer: true
""",
        """\
attempts: 3
pools:
  - id: disclosure
    draw: 1
    questions:
      - id: disclosure-shift
        type: true-false
        prompt: "A volunteer who mentions ending their life at the end of a shift should be asked directly about it."
        answer: true
      - id: disclosure-message
        type: true-false
        prompt: "A volunteer who mentions ending their life in a text message should be asked directly about it."
        answer: true
""",
    ),
}


def markdown() -> str:
    """The item-writing rules in docs/check.md: why each matters, a weak and a fair example."""
    parts = []
    for code, example in EXAMPLES.items():
        parts.append(f"### `{code}`\n\n{example.why}\n\nWeak (`{code}` warns):\n\n```yaml\n{example.bad}```\n\n"
                     f"Fair (no `{code}` warning):\n\n```yaml\n{example.good}```\n")
    return "\n".join(parts)
