"""The section graph: contains, references, defines and uses edges, with external/dangling kept on the source."""

from __future__ import annotations

from pathlib import Path

from structure_support import analyse_markup, by_label

from contract_app.structure.graph import build_section_graph

CONTRACT = """\
This Agreement (the “Agreement”) is made by Acme Corp. (“Supplier”).
**1. DEFINITIONS**
1.1 “Products” means the goods of Supplier.
**2. SUPPLY**
2.1 Supplier sells Products as set out in Section 1.1 and Section 7.7.
  (a) Section 365 of the Bankruptcy Code applies to Products.
"""


def test_graph_has_section_and_term_nodes_and_typed_edges(tmp_path: Path) -> None:
    structure = analyse_markup(tmp_path, CONTRACT)
    graph = build_section_graph(structure)
    s1, s11, s2, s21, s21a = (by_label(structure, label).id for label in ("1", "1.1", "2", "2.1", "2.1(a)"))
    assert graph.nodes[s21]["kind"] == "section"
    assert graph.nodes[s21]["label"] == "2.1"
    assert graph.nodes["term:Products"]["kind"] == "term"

    def edges(kind: str) -> set[tuple[str, str]]:
        return {(u, v) for u, v, data in graph.edges(data=True) if data["kind"] == kind}

    assert edges("contains") == {(s1, s11), (s2, s21), (s21, s21a)}
    assert edges("references") == {(s21, s11)}
    assert edges("defines") == {(s11, "term:Products")}
    assert edges("uses") == {
        (s21, "term:Products"),
        (s21a, "term:Products"),
        (s21, "term:Supplier"),
        (s11, "term:Supplier"),
    }
    reference = next(data for u, v, data in graph.edges(data=True) if data["kind"] == "references")
    assert (reference["text"], reference["page"]) == ("Section 1.1", 1)
    use = graph.get_edge_data(s21, "term:Products")[0]
    assert use["count"] == 1
    assert graph.nodes[s21]["dangling_references"][0]["label"] == "7.7"
    assert graph.nodes[s21a]["external_references"][0]["text"] == "Section 365"
    assert graph.nodes["term:Supplier"]["section"] is None
