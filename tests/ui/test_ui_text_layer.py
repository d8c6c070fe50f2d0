"""Where the viewer's text layer puts characters within a line: a found word's tint and a click land on the letters
the page prints, also in the middle of a justified line whose letters are of unequal width."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from contract_app.structure import load_contract
from contract_app.ui.text_layer import TextLayer

pytestmark = pytest.mark.gui

LINE = "1.1 Each party shall keep the minimum inventory, and will review it with WWW quarterly."
WORDS = LINE.split()
LEFT, RIGHT, BASELINE, SIZE = 72.0, 540.0, 120.0, 11.0


def _justified_pdf(path: Path) -> Path:
    """One line set across the whole measure, the slack shared out between its words (as a typesetter justifies)."""
    font = pymupdf.Font("tiro")
    widths = [font.text_length(word, fontsize=SIZE) for word in WORDS]
    gap = (RIGHT - LEFT - sum(widths)) / (len(WORDS) - 1)
    document = pymupdf.open()
    page = document.new_page(width=612, height=792)
    writer, x = pymupdf.TextWriter(page.rect), LEFT
    for word, width in zip(WORDS, widths, strict=True):
        writer.append((x, BASELINE), word, font=font, fontsize=SIZE)
        x += width + gap
    writer.write_text(page)
    document.save(path)
    return path


@pytest.fixture
def printed(tmp_path: Path) -> tuple[TextLayer, dict[str, pymupdf.Rect]]:
    path = _justified_pdf(tmp_path / "justified.pdf")
    with pymupdf.open(path) as document:
        words = {word[4]: pymupdf.Rect(word[:4]) for word in document[0].get_text("words")}
    return TextLayer(load_contract(path)), words


def test_a_word_found_mid_line_is_tinted_over_its_own_letters(printed) -> None:
    layer, words = printed
    for word in ("minimum", "WWW", "quarterly."):
        (hit,) = layer.find(word)
        (box,) = layer.boxes(hit)
        assert (box.page, layer.document.text[hit[0] : hit[1]]) == (1, word)
        assert abs(box.bbox.x0 - words[word].x0) < 1.0, word  # letters counted as equally wide: 3 pt off
        assert abs(box.bbox.x1 - words[word].x1) < 1.0, word


def test_a_click_on_a_word_mid_line_selects_that_word(printed) -> None:
    layer, words = printed
    for word in ("minimum", "WWW", "inventory,"):
        middle = words[word]
        span = layer.word_at(1, (middle.x0 + middle.x1) / 2, (middle.y0 + middle.y1) / 2)
        assert layer.document.text[span[0] : span[1]] == word.rstrip(",")
