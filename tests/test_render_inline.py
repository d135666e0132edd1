"""Quiz texts render through a fast path when they hold no Markdown: it must give what markdown-it gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.markdown import make_md, render_inline

# Letters, spaces and every ASCII punctuation mark, so both paths are exercised.
TEXT = st.text(alphabet=st.sampled_from("ab Zé\t\"'>:-#.,?()/=+{}~^$%@" + "\\`*_[]!<&\n\r\x00"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_fast_path_output_equals_markdown_it(text):
    assert render_inline(text, dict) == make_md().renderInline(text, {})


def test_plain_and_marked_up_texts():
    assert render_inline('Say "no" > shout', dict) == "Say &quot;no&quot; &gt; shout"
    assert render_inline("A *calm* voice", dict) == "A <em>calm</em> voice"
