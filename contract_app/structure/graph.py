"""The section graph the chunker walks: sections, defined terms, and how they contain, cite, define and use.

Nodes: ``"s7"`` (kind="section": label, title, level, page, end_page, section_kind) and ``"term:<Term>"``
(kind="term": term, section, page). Edges (``kind`` attribute):

* ``contains``: parent section -> child section;
* ``references``: source section -> target section, with text, page, span (one edge per citation).
  Citations that resolve nowhere are not edges: external and dangling ones are kept on the source section node
  (``external_references`` / ``dangling_references``: lists of {text, page, span, label}), and citations standing
  outside any section on the graph attribute of the same names;
* ``defines``: section -> term (a definition in the preamble has no section, so no such edge; the term node's
  ``section`` is then None). A pointer definition ("has the meaning set forth in Section 1.4") keeps its target
  section id in the term node's ``refers_to`` (its citation is already a ``references`` edge);
* ``uses``: section -> term, with ``count`` and ``spans`` (uses outside any section are on the term node).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from contract_app.model import ContractStructure


def term_node(term: str) -> str:
    return f"term:{term}"


def build_section_graph(structure: ContractStructure) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(external_references=[], dangling_references=[])
    for section in structure.sections:
        graph.add_node(
            section.id,
            kind="section",
            label=section.label,
            title=section.title,
            level=section.level,
            page=section.page,
            end_page=section.end_page,
            section_kind=section.kind,
            span=section.span,
            external_references=[],
            dangling_references=[],
        )
    for section in structure.sections:
        if section.parent is not None:
            graph.add_edge(section.parent, section.id, kind="contains")
    for reference in structure.cross_references:
        if reference.target is not None and reference.source is not None:
            graph.add_edge(
                reference.source,
                reference.target,
                kind="references",
                text=reference.text,
                page=reference.page,
                span=reference.span,
                external=False,
                dangling=False,
            )
            continue
        if reference.target is not None:
            continue  # a resolved citation outside every section (preamble, signature page): nothing links it
        bucket = "external_references" if reference.external else "dangling_references"
        entry = {
            "text": reference.text,
            "page": reference.page,
            "span": reference.span,
            "label": reference.target_label,
        }
        owner = graph.nodes[reference.source] if reference.source is not None else graph.graph
        owner[bucket].append(entry)
    for definition in structure.definitions:
        node = term_node(definition.term)
        graph.add_node(
            node,
            kind="term",
            term=definition.term,
            section=definition.section_id,
            page=definition.page,
            span=definition.span,
            refers_to=definition.refers_to,
            uses_outside_sections=0,
        )
        if definition.section_id is not None:
            graph.add_edge(definition.section_id, node, kind="defines")
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for use in structure.uses:
        if use.section_id is None:
            graph.nodes[term_node(use.term)]["uses_outside_sections"] += 1
        else:
            spans[(use.section_id, use.term)].append(use.span)
    for (section_id, term), term_spans in spans.items():
        graph.add_edge(section_id, term_node(term), kind="uses", count=len(term_spans), spans=term_spans)
    return graph
