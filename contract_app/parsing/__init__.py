"""PDF to ``ParsedDocument``: body text with stable offsets back to page and bounding boxes."""

from contract_app.parsing.pdf import parse_pdf

__all__ = ["parse_pdf"]
