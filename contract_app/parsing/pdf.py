"""First cut of the PDF reader (to be refined: furniture removal, hyphenation, columns, OCR, errors)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf

from contract_app.errors import CorruptedPdfError, EncryptedPdfError, NotAPdfError
from contract_app.model import BBox, PageInfo, ParsedDocument, TextLine
from contract_app.progress import ProgressCallback, no_progress


def parse_pdf(path: str | Path, password: str | None = None, progress: ProgressCallback = no_progress) -> ParsedDocument:
    path = Path(path)
    data = path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise NotAPdfError(f"{path.name} is not a PDF file.")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # noqa: BLE001
        raise CorruptedPdfError(f"{path.name} is damaged and cannot be read.") from error
    if doc.needs_pass and not doc.authenticate(password or ""):
        raise EncryptedPdfError(f"{path.name} is password-protected: give its password.")
    pages: list[PageInfo] = []
    lines: list[TextLine] = []
    parts: list[str] = []
    offset = 0
    for index, page in enumerate(doc):
        pages.append(PageInfo(index + 1, page.rect.width, page.rect.height))
        for block in page.get_text("dict", sort=True)["blocks"]:
            for line in block.get("lines", []):
                spans = [s for s in line["spans"] if s["text"].strip()]
                if not spans:
                    continue
                text = "".join(s["text"] for s in line["spans"]).strip()
                span = (offset, offset + len(text))
                lines.append(
                    TextLine(
                        page=index + 1,
                        bbox=BBox(*line["bbox"]),
                        text=text,
                        span=span,
                        font_size=spans[0]["size"],
                        bold=bool(spans[0]["flags"] & 16) or "bold" in spans[0]["font"].lower(),
                        font=spans[0]["font"],
                    )
                )
                parts.append(text + "\n")
                offset += len(text) + 1
        progress((index + 1) / max(doc.page_count, 1), f"Reading page {index + 1} of {doc.page_count}")
    return ParsedDocument(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=tuple(pages),
        text="".join(parts),
        lines=tuple(lines),
    )
