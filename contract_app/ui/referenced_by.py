""" "Referenced by" under a section's text in the outline: every clause that cites the section, each a link to it.

A lawyer changing a clause needs to know what else relies on it; the section graph's ``cites`` edges answer that.
Links are the outline's own ``ref:<section id>`` links, so a click selects the citing clause and shows its page.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from contract_app.model import ContractStructure, Section


def _citing_label(section: Section) -> str:
    return f"Section {section.label}" if section.label[:1].isdigit() else section.label


def referenced_by_html(structure: ContractStructure, section: Section) -> str:
    """A paragraph listing the clauses citing ``section``, with their pages (a citation inside the section's own
    text is left out: it is not another clause relying on it); empty when nothing else cites it."""
    start, end = section.span
    citing: dict[str | None, int] = {}  # citing section id -> the page it cites from, in document order
    for reference in structure.referenced_by(section.id):
        if not (start <= reference.span[0] and reference.span[1] <= end):
            citing.setdefault(reference.source, reference.page)
    if not citing:
        return ""
    links = []
    for source, page in citing.items():
        if source is None:
            links.append(f"the opening of the contract (p. {page})")
            continue
        label = escape(_citing_label(structure.section(source)))
        links.append(f'<a href="ref:{quote(source)}" title="Go to {label}">{label}</a> (p. {page})')
    return f'<p class="referenced-by" style="color:#5f6b7a">Referenced by: {" · ".join(links)}</p>'
