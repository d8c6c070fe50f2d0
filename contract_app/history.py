"""The questions asked about each contract and their answers, kept across sessions.

One JSON file per document under ``<data dir>/history/``, named by the document's SHA-256 (its identity in the
index), so a renamed or moved contract keeps its history and two copies of one contract share it. The file holds
what was shown: the question, the answer's text, citations (section, pages, span, quote), backend and notices.
Written atomically (a crash leaves the previous version whole); an unreadable file reads as an empty history.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contract_app.model import Citation
from contract_app.settings import default_data_dir

if TYPE_CHECKING:
    from contract_app.answering.result import Answer

SCHEMA_VERSION = 1
_DOC_ID = re.compile(r"^[0-9a-f]{16,128}$")


@dataclass(frozen=True)
class AskedQuestion:
    question: str
    answer: Answer
    asked_at: str  # ISO 8601, UTC


def _citation_json(citation: Citation) -> dict[str, Any]:
    return {
        "chunk_id": citation.chunk_id,
        "section": citation.section,
        "pages": list(citation.pages),
        "char_span": list(citation.char_span),
        "quote": citation.quote,
    }


def _answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "text": answer.text,
        "citations": [_citation_json(citation) for citation in answer.citations],
        "backend": answer.backend,
        "grounded": answer.grounded,
        "notices": list(answer.notices),
    }


def _answer(data: dict[str, Any]) -> Answer:
    from contract_app.answering.result import Answer

    citations = tuple(
        Citation(
            str(c["chunk_id"]),
            str(c["section"]),
            tuple(int(p) for p in c["pages"]),
            (int(c["char_span"][0]), int(c["char_span"][1])),
            c.get("quote"),
        )
        for c in data["citations"]
    )
    notices = tuple(str(n) for n in data.get("notices", ()))
    return Answer(str(data["text"]), citations, str(data["backend"]), bool(data["grounded"]), notices)


class QuestionHistory:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_data_dir() / "history"

    def _file(self, doc_id: str) -> Path:
        if not _DOC_ID.match(doc_id):  # the id names a file: never a path
            raise ValueError(f"not a document id: {doc_id!r}")
        return self.folder / f"{doc_id}.json"

    def load(self, doc_id: str) -> list[AskedQuestion]:
        """Oldest first."""
        try:
            data = json.loads(self._file(doc_id).read_text(encoding="utf-8"))
            return [
                AskedQuestion(str(item["question"]), _answer(item["answer"]), str(item["asked_at"]))
                for item in data["questions"]
            ]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return []

    def add(self, doc_id: str, question: str, answer: Answer, file_name: str = "") -> AskedQuestion:
        asked = AskedQuestion(question, answer, datetime.now(UTC).replace(microsecond=0).isoformat())
        self._write(doc_id, [*self.load(doc_id), asked], file_name)
        return asked

    def clear(self, doc_id: str) -> None:
        self._file(doc_id).unlink(missing_ok=True)

    def _write(self, doc_id: str, items: list[AskedQuestion], file_name: str) -> None:
        path = self._file(doc_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": SCHEMA_VERSION,
            "doc_id": doc_id,
            "file": file_name,
            "questions": [
                {"question": item.question, "asked_at": item.asked_at, "answer": _answer_json(item.answer)}
                for item in items
            ],
        }
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it quotes the contract
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=1)
        temporary.replace(path)
