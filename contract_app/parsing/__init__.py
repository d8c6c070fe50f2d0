"""PDF to ``ParsedDocument``: body text with stable offsets back to page and bounding boxes.

``parse_pdf`` is the entry point. How lines are joined into ``text`` (one visual line per text line, a blank line
between paragraphs, hyphenated words made whole) is set out in ``assemble``; what counts as a running header,
footer or page number in ``furniture``. The size limits are ``files.MAX_FILE_BYTES`` and ``opening.MAX_PAGES``;
the environment variable ``CONTRACT_APP_OCR=off`` turns OCR of scanned pages off (they are then skipped with a
warning).
"""

from contract_app.parsing.pdf import parse_pdf

__all__ = ["parse_pdf"]
