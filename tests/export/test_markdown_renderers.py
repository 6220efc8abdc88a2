"""`companion export --format md` read by the renderers people use: CommonMark (markdown-it-py),
GitHub-flavoured with autolinking (cmark-gfm, markdown-it-py with linkify) and Python-Markdown
(MkDocs' extensions). Each must show what the rep typed, line for line, and nothing more."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import cmarkgfm
import markdown
import pytest
from markdown_it import MarkdownIt

from companion.cli import main
from companion.core.call import Call, NextStep

RENDERERS = {
    "commonmark": MarkdownIt("commonmark").render,
    "gfm-cmark": cmarkgfm.github_flavored_markdown_to_html,
    "gfm-linkify": MarkdownIt("gfm-like", {"linkify": True}).render,
    "python-markdown": lambda text: markdown.markdown(text, extensions=["tables", "fenced_code", "toc"]),
}
NOTE_LINES = [
    "&lt;not a tag&gt; &copy; &#169; AT&T & Co",
    "=1+1 and \\=2 and a \\<b>",
    "<img src=x onerror=alert(1)> <b>bold?</b> <!-- hidden -->",
    "Visit https://evil.example/path?q=1, http://intranet or ftp://files.example",
    "www.example.com, example.com and ann.smith@example.org (mailto:ann@example.org)",
    "//cdn.example.net/x.js and xmpp:bob@chat.example",
    "# not a heading",
    "## not one either #",
    "- not a list",
    "+ not a list",
    "* not a list",
    "1. not ordered",
    "2) not ordered",
    "> not a quote",
    "===",
    "---",
    "***",
    "| a | b |",
    "|---|:-:|",
    "~~not struck~~ and ~tilde~ ~5 people",
    "```",
    "~~~",
    "*not em* _not em_ **not strong** `not code`",
    "[not a link](http://x.example) ![not an image](y.png) [ref]: http://r.example",
    "[^1] not a footnote, - [ ] not a task",
    "snake_case_name, 2*3*4, v2.0, e.g. 3.14",
    "back\\slash \\* end\\",
    "    four spaces of indent",
    "trailing spaces   ",
]
BLANK_THEN = ["", "a second paragraph", "with two lines"]
ALLOWED_TAGS = {"h1", "h2", "h3", "ul", "li", "strong", "p", "br"}
DUE = datetime(2030, 5, 20, 9, 0, tzinfo=timezone.utc)


class Blocks(HTMLParser):
    """Headings, list items and paragraphs with their visible text (a line break as "\\n")."""

    BLOCKS = {"h1", "h2", "h3", "li", "p"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.tags: set[str] = set()
        self._open: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "br":
            self._text.append("\n")
        elif tag in self.BLOCKS:
            self._flush()
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()
            if self._open:
                self._open.pop()

    def handle_data(self, data):
        self._text.append(data)

    def _flush(self):
        text = "".join(self._text)
        self._text = []
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        if self._open and text:
            self.blocks.append((self._open[-1], text))


def read(html: str) -> Blocks:
    parser = Blocks()
    parser.feed(html)
    parser.close()
    return parser


def typed(lines: list[str]) -> str:
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


@pytest.fixture
def exported(store, paths, tmp_path):
    call = Call(contact="Ann *VIP* <b>#1</b> ann@example.org", company="AT&T &amp; Sons | www.acme.example",
                playbook_id="discovery", started_at=DUE - timedelta(days=3))
    call.agree("pain", call.started_at, label="Pain & gain <3", note="costs 5k/month, see https://x.example")
    call.record_close_attempt("ben_franklin", "declined", call.started_at + timedelta(minutes=5))
    call.outcome = "advance"
    call.deal_value = 25000
    call.next_step = NextStep("Send the *proposal* to bob@acme.example", "rep", "Reads it & signs", DUE)
    call.notes = "\n".join(NOTE_LINES + BLANK_THEN)
    store.save_call(call)
    target = tmp_path / "notes.md"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "md", "-o", str(target)]) == 0
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_every_renderer_shows_what_was_typed(exported, renderer):
    page = read(RENDERERS[renderer](exported))
    assert page.tags <= ALLOWED_TAGS, exported           # no link, image, table, code, quote, strike
    blocks = page.blocks
    started = (DUE - timedelta(days=3)).astimezone()          # the export shows local time
    assert [text for tag, text in blocks if tag == "h2"] == [
        f"Ann *VIP* <b>#1</b> ann@example.org, AT&T &amp; Sons | www.acme.example: {started:%a %d %b %Y %H:%M}"]
    items = [text for tag, text in blocks if tag == "li"]
    assert "Playbook: Discovery call" in items
    assert "Deal value: 25,000" in items
    assert "Pain & gain <3: costs 5k/month, see https://x.example" in items
    assert f"Ben Franklin close: declined at {started + timedelta(minutes=5):%H:%M}" in items
    assert "Action: Send the *proposal* to bob@acme.example" in items
    assert "Customer will: Reads it & signs" in items
    notes_at = blocks.index(("h3", "Notes"))
    paragraphs = [text for tag, text in blocks[notes_at + 1:] if tag == "p"]
    assert paragraphs == [typed(NOTE_LINES), typed(BLANK_THEN)]


def test_a_no_connect_call_says_what_happened(store, paths, tmp_path):
    call = Call(contact="Di", started_at=DUE, outcome="no_connect", disposition="left_voicemail")
    store.save_call(call)
    target = tmp_path / "notes.md"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "md", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "None agreed" not in text
    assert text.endswith("### What happened\n\nLeft voicemail.\n")
