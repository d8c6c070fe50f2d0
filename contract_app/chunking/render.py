"""The texts built from a chunk: what is embedded, the fields a lexical search weighs apart, and what the language
model reads. Every text made from a chunk is made here."""

from __future__ import annotations

from contract_app.model import Chunk, LinkedContext

HEADING_SEPARATOR = " > "
PREAMBLE_LABEL = "Preamble"  # the section label of text before the first section
PREAMBLE_HEADING = "Preamble: the name (title) of the agreement, its parties and its date"
"""The heading given to the opening text: it has none of its own to say what it holds."""

SEARCH_FIELDS = ("text", "heading", "terms", "cited")


def heading_line(chunk: Chunk) -> str:
    """The heading path as one line; the preamble's own heading for the opening text; "" for other loose text."""
    if chunk.heading_path:
        return HEADING_SEPARATOR.join(chunk.heading_path)
    return PREAMBLE_HEADING if chunk.section_label == PREAMBLE_LABEL else ""


def text_for_embedding(chunk: Chunk) -> str:
    """The heading line as a contextual prefix, then the clause text (no linked context: it would blur the vector)."""
    heading = heading_line(chunk)
    return f"{heading}\n{chunk.text}" if heading else chunk.text


def search_fields(chunk: Chunk) -> dict[str, str]:
    """The chunk as fields a lexical search scores apart: the embedded text; the heading line alone; the defined
    terms it uses with their meanings; the titles of the sections it cites. The heading field also names the titled
    sections that begin inside the chunk ("3.1 Governing Law" in a chunk that opens Article III): their subject is
    what the chunk is about as much as its own heading's."""
    return {
        "text": text_for_embedding(chunk),
        "heading": HEADING_SEPARATOR.join(part for part in (heading_line(chunk), *chunk.inner_headings) if part),
        "terms": " ; ".join(f"{item.term}: {item.meaning}" for item in chunk.terms),
        "cited": " ; ".join(item.title for item in chunk.cited),
    }


def text_for_llm(chunk: Chunk) -> str:
    """The clause with its label and pages, then each definition and referenced section it depends on, delimited.

    Terms defined by the same sentence ("Provider" and "Customer" in the parties clause) share one entry.
    """
    label = chunk.section_label or "Passage"
    header = [label]
    if chunk.heading_path:
        header.append(HEADING_SEPARATOR.join(chunk.heading_path))
    header.append(pages_phrase(chunk.pages))
    parts = [f"=== Clause {' | '.join(header)} ===", chunk.text]
    for group in _grouped(chunk.context):
        parts += [f"--- {_context_title(group)} ({pages_phrase(group[0].pages)}) ---", group[0].text]
    parts.append(f"=== End of clause {label} ===")
    return "\n".join(parts)


def _grouped(context: tuple[LinkedContext, ...]) -> list[list[LinkedContext]]:
    groups: dict[tuple[str, str], list[LinkedContext]] = {}
    for item in context:
        groups.setdefault((item.kind, item.text), []).append(item)
    return list(groups.values())


def _context_title(group: list[LinkedContext]) -> str:
    if group[0].kind == "definition":
        return "Definition of " + ", ".join(f'"{item.label}"' for item in group)
    return f"Referenced section {group[0].label}"


def pages_phrase(pages: tuple[int, ...]) -> str:
    """``page 3``, ``pages 3-4`` or ``pages 3, 5``, as a citation reads."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    if pages and pages[-1] - pages[0] == len(pages) - 1:
        return f"pages {pages[0]}-{pages[-1]}"
    return "pages " + ", ".join(str(page) for page in pages)
