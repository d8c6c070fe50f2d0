"""What the reader sees while the model writes: citation markers in their final numbering, even when split."""

from __future__ import annotations

from contract_app.answering.stream import MarkerStream


def test_markers_split_across_deltas_are_renumbered_and_unknown_ids_dropped():
    shown: list[str] = []
    stream = MarkerStream(["C1", "C2"], shown.append)

    for delta in ["Texas law [", "C", "2] governs; fees [C9", "] are monthly [C1, C", "2] and due [c1]", "."]:
        stream.feed(delta)
    stream.close()

    assert "".join(shown) == "Texas law [1] governs; fees are monthly [2][1] and due [2]."
    assert shown[0] == "Texas law"


def test_a_bracket_that_never_becomes_a_marker_is_released():
    shown: list[str] = []
    stream = MarkerStream(["C1"], shown.append)

    stream.feed("Amounts in [brackets")
    stream.feed(" are kept] as written.")
    stream.close()

    assert "".join(shown) == "Amounts in [brackets are kept] as written."
