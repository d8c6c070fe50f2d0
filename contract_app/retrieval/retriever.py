"""The retrieval service: ingest contracts into Chroma and search them (dense + BM25, fused, optionally reranked).

One ``Retriever`` keeps the expensive things warm for the life of the app: the embedding session, the Chroma
client, and per-document search indexes (vectors + BM25) so a query costs one embedding and a few dot products.
Dense search runs exactly over the document's own vectors (a few hundred rows), which is faster and more precise
than Chroma's approximate index filtered to one document; Chroma is the durable, shareable store.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from contract_app.chunking import ChunkConfig, chunk_contract, text_for_embedding
from contract_app.errors import ContractAppError, InputError, StoreError
from contract_app.files import file_sha256, resolved
from contract_app.model import CHUNK_SCHEMA_VERSION, Chunk, ContractStructure, Hit
from contract_app.progress import ProgressCallback, no_progress, scaled
from contract_app.retrieval.across import JointIndex, rank_together
from contract_app.retrieval.bookkeeping import format_problem, row_problem, stored_state, write_document, writing
from contract_app.retrieval.concepts import ConceptRouter, Routed, load_concepts
from contract_app.retrieval.embeddings import NO_MODEL_NOTICE, Embedder, OnnxMiniLM, load_embedder
from contract_app.retrieval.ranking import DocumentIndex, Ranking, SearchTuning, rank, ranked_hits
from contract_app.retrieval.records import INDEX_SCHEMA_VERSION, DocumentRecord, IndexFormat, IngestResult
from contract_app.retrieval.rerank import cohere_reranker
from contract_app.retrieval.store import LEXICAL_SPACE, ChunkStore, open_store
from contract_app.retrieval.store_process import StoreProcess
from contract_app.settings import Settings
from contract_app.structure import load_contract

CACHED_DOCUMENTS = 16
CACHED_QUERIES = 64  # query vectors kept: a question asked of every contract of a matter is embedded once
QUERY_THREADS = 0
"""A query is embedded by the shared session (0), or by a session of its own with this many threads: see
benchmarks/retrieval.py's latency table for what each costs."""
FILL_WINDOW = 256
"""Distinct clause texts embedded and stored per step of ``fill_vectors``: what an interrupted fill can lose, and
how often the store's lock is taken (about ten seconds of embedding on two cores)."""
SEARCHABLE = "Searchable by its words; its clauses are embedded next"
VECTORS_PENDING_NOTICE = (
    "This contract's clauses are still being embedded: this search matched their words only, not yet their meaning."
)


def vectors_message(done: int, total: int) -> str:
    """The progress line of a vector fill: "Embedding clauses 1,200 / 15,291"."""
    return f"Embedding clauses {done:,} / {total:,}"


def counting(progress: ProgressCallback, done: int, size: int, total: int) -> ProgressCallback:
    """The embedder's progress through a window of ``size`` clauses, as clauses done of the document's ``total``."""

    def report(fraction: float, message: str) -> None:
        now = done + round(size * min(max(fraction, 0.0), 1.0))
        progress(now / total, vectors_message(now, total))

    return report


RETRIEVAL_CHUNKS = ChunkConfig(target_tokens=100, max_tokens=140, overlap_tokens=25, min_tokens=40)
"""Chunks of about 100 tokens: on the CUAD dev set they beat the chunker's 200-token default by 6 points of R@4k and
70-token chunks by 1.5 (benchmarks/retrieval.py): a 4,000-character budget then holds more distinct places. The
25-token overlap costs no budget (repeats are trimmed) and beats none: R@4k 0.851 against 0.849 (fresh store)."""


def search_texts(chunks: tuple[Chunk, ...]) -> list[str]:
    """What is embedded per chunk (the same text the BM25 text field indexes)."""
    return [text_for_embedding(chunk) for chunk in chunks]


@dataclass
class Retriever:
    settings: Settings
    chunk_config: ChunkConfig = RETRIEVAL_CHUNKS
    tuning: SearchTuning = field(default_factory=SearchTuning)
    isolate_store: bool = False  # Chroma in a child process: what a window wants (see ``StoreProcess``)
    cached_documents: int = CACHED_DOCUMENTS  # search indexes kept warm (a benchmark keeps a whole corpus)
    cached_queries: int = CACHED_QUERIES  # query vectors kept (0: every search embeds its query, as a timing wants)
    query_threads: int = QUERY_THREADS  # threads of the local model's session that embeds queries (0: the shared one)

    def __post_init__(self) -> None:
        self._notices: list[str] = []
        self._lock = threading.RLock()  # the UI may ingest and search from worker threads
        self.embedder: Embedder | None = load_embedder(self.settings)
        if self.embedder is None:
            self._notice(NO_MODEL_NOTICE)
        self._reranker = cohere_reranker(self.settings)
        if self.settings.rerank_backend == "cohere" and self._reranker is None:
            self._notice("Cohere rerank is selected but no Cohere API key is set: results use local ranking.")
        model, dimension = (self.embedder.name, self.embedder.dimension) if self.embedder else (LEXICAL_SPACE, 1)
        self._store: ChunkStore | StoreProcess = (
            StoreProcess(self.settings, model, dimension)
            if self.isolate_store
            else open_store(self.settings, model, dimension)
        )
        self._indexes: OrderedDict[str, DocumentIndex] = OrderedDict()
        self._index_limit = self.cached_documents
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._structures: OrderedDict[str, ContractStructure] = OrderedDict()
        self._router: ConceptRouter | None = None
        self._joint: JointIndex | None = None  # the last set of documents searched together (a matter)
        self._query_session: tuple[Path, int, OnnxMiniLM] | None = None  # model file, threads, session
        self._passwords: dict[str, str] = {}  # of encrypted PDFs, for re-reading them; this session only, never stored

    # -- state ---------------------------------------------------------------------------------------------------

    @property
    def notices(self) -> tuple[str, ...]:
        return tuple(self._notices)

    def _notice(self, message: str) -> None:
        if message not in self._notices:
            self._notices.append(message)

    def close(self) -> None:
        """Release the store (and stop its child process, if it has one)."""
        self._store.close()

    def documents(self) -> list[DocumentRecord]:
        return self._store.records()

    def record(self, doc_id: str) -> DocumentRecord:
        record = self._store.record(doc_id)
        if record is None:
            raise InputError("That document is not indexed: ingest it first.")
        return record

    @property
    def index_format(self) -> IndexFormat:
        """The format this retriever writes; a stored document in another is indexed again before use."""
        return IndexFormat(
            index_schema=INDEX_SCHEMA_VERSION,
            chunk_schema=CHUNK_SCHEMA_VERSION,
            embedding_model=self._store.model,
            model_fingerprint=self.embedder.fingerprint if self.embedder else LEXICAL_SPACE,
            chunking=json.dumps(asdict(self.chunk_config), sort_keys=True),
        )

    # -- ingest --------------------------------------------------------------------------------------------------

    def ingest(
        self,
        path: str | Path,
        password: str | None = None,
        progress: ProgressCallback = no_progress,
        vectors: bool = True,
    ) -> IngestResult:
        """Parse, chunk and store a PDF: once its clauses are stored, it can be searched by their words. Then, with
        ``vectors``, fill in its dense vectors (``fill_vectors``; the window does that as a task of its own). A
        document already indexed (same bytes) is skipped once its stored copy checks out (every chunk there, this
        format), and only its missing vectors are filled in; an incomplete or outdated copy is indexed again, and the
        notices say so."""
        started = time.perf_counter()
        path = resolved(path)
        doc_id = file_sha256(path)  # checked by stat first: an oversized file is refused before a byte is read
        if password:
            self._passwords[doc_id] = password
        current = self.index_format
        stored = stored_state(self._store, doc_id, current)
        if stored.record is not None and stored.usable:
            return self._already_indexed(stored.record, path, started, progress, vectors)
        if stored.problem:
            progress(0.0, f"Indexing again: {stored.problem}")
        structure = load_contract(path, password=password, progress=scaled(progress, 0.0, 0.4))
        self._notice_warnings(structure)
        progress(0.4, "Cutting clauses")
        chunks = chunk_contract(structure, self.chunk_config)
        record = DocumentRecord(
            doc_id=doc_id,
            file_name=path.name,
            path=str(path),
            pages=structure.document.page_count,
            sections=len(structure.sections),
            chunks=len(chunks),
            ingested_at=datetime.now(UTC).isoformat(),
            embedding_model=current.embedding_model,
            index_schema=current.index_schema,
            chunk_schema=current.chunk_schema,
            model_fingerprint=current.model_fingerprint,
            chunking=current.chunking,
        )
        index = self._build_index(chunks, None)
        # parsing ran unlocked: other processes' writes and this one's searches went on meanwhile
        with writing(self._store, scaled(progress, 0.45, 0.45)), self._lock:
            written = write_document(self._store, record, chunks, scaled(progress, 0.45, 0.5))
            if written:
                for other in self._store.records():
                    if other.path == record.path and other.doc_id != doc_id:  # the file changed: the old one goes
                        self._delete(other.doc_id)
                self._remember(self._structures, doc_id, structure)
                self._remember(self._indexes, doc_id, index, self._index_limit)
        if not written:  # another window or command indexed it while this one parsed: theirs is kept
            return self._already_indexed(self.record(doc_id), path, started, progress, vectors)
        if stored.problem:
            self._notice(f"{path.name}: {stored.problem}, so it was indexed again.")
        if vectors:
            self.fill_vectors(doc_id, scaled(progress, 0.5, 1.0))
        progress(1.0, "Indexed" if vectors or not self.embedder else SEARCHABLE)
        return IngestResult(
            doc_id,
            path.name,
            record.pages,
            record.sections,
            len(chunks),
            time.perf_counter() - started,
            skipped=False,
            reindexed=stored.problem,
        )

    def _already_indexed(
        self, record: DocumentRecord, path: Path, started: float, progress: ProgressCallback, vectors: bool
    ) -> IngestResult:
        if record.path != str(path):  # same content, moved: remember where to re-read it
            with writing(self._store, progress), self._lock:
                if self._store.record(record.doc_id) == record:
                    self._store.mark_complete(replace(record, path=str(path)))
        if vectors:  # what an interrupted fill left to do
            self.fill_vectors(record.doc_id, progress)
        progress(1.0, "Already indexed")
        return IngestResult(
            record.doc_id,
            path.name,
            record.pages,
            record.sections,
            record.chunks,
            time.perf_counter() - started,
            skipped=True,
        )

    def vectors_pending(self, doc_id: str) -> int:
        """How many of the document's clauses still lack a dense vector (0 without a dense model)."""
        if self.embedder is None:
            return 0
        index = self._index(doc_id)
        if index.vectors is not None:
            return 0
        return len(index.chunks) - len(self._store.vector_indices(doc_id))

    def search_notice(self, doc_id: str) -> str:
        """What a search of this document cannot do yet ("" when nothing): its clauses still being embedded."""
        if self.embedder is not None and self._index(doc_id).vectors is None:
            return VECTORS_PENDING_NOTICE
        return ""

    def fill_vectors(self, doc_id: str, progress: ProgressCallback = no_progress, windows: int | None = None) -> int:
        """Embed the document's clauses that have no dense vector yet and store them, FILL_WINDOW distinct texts at a
        time (at most ``windows`` of them, so a window's single worker can take turns with searches); returns how
        many clauses were embedded. Resumable: a fill cancelled (``progress`` raising) or killed keeps what it
        stored, and the next one starts from there. Identical texts are embedded once."""
        if self.embedder is None:
            return 0
        index = self._index(doc_id)
        total = len(index.chunks)
        if index.vectors is not None:
            progress(1.0, vectors_message(total, total))
            return 0
        record = self.record(doc_id)
        pending = sorted(set(range(total)) - set(self._store.vector_indices(doc_id)))
        by_text: dict[str, list[int]] = {}
        for position in pending:
            by_text.setdefault(index.texts[position], []).append(position)
        texts = list(by_text)
        done = total - len(pending)
        progress(done / max(total, 1), vectors_message(done, total))
        starts = range(0, len(texts), FILL_WINDOW)
        for start in starts if windows is None else starts[:windows]:
            window = texts[start : start + FILL_WINDOW]
            size = sum(len(by_text[text]) for text in window)
            rows = self.embedder.embed(window, counting(progress, done, size, total))
            positions = [position for text in window for position in by_text[text]]
            repeats = [len(by_text[text]) for text in window]
            with writing(self._store, no_progress), self._lock:
                now = self._store.record(doc_id)
                if now is None or (now.ingested_at, now.format) != (record.ingested_at, record.format):  # replaced
                    raise InputError("That document was removed from the library while its clauses were embedded.")
                self._store.write_vectors(
                    doc_id, [index.chunks[p].id for p in positions], np.repeat(rows, repeats, axis=0)
                )
            done += size
            progress(done / total, vectors_message(done, total))
        if done == total:
            with self._lock:
                index.vectors = self._store.vectors(doc_id, total)
        return done - (total - len(pending))

    def delete(self, doc_id: str) -> None:
        with writing(self._store, no_progress), self._lock:
            self._delete(doc_id)

    def _delete(self, doc_id: str) -> None:
        self._store.delete(doc_id)
        self._indexes.pop(doc_id, None)
        self._structures.pop(doc_id, None)

    # -- reading -------------------------------------------------------------------------------------------------

    def chunks(self, doc_id: str) -> tuple[Chunk, ...]:
        return self._index(doc_id).chunks

    def search_index(self, doc_id: str) -> DocumentIndex:
        """The document's warm search index: what ``search`` ranks, for code ranking it many ways (a tuning sweep)."""
        return self._index(doc_id)

    def structure(self, doc_id: str, password: str | None = None) -> ContractStructure:
        """The contract's structure, re-parsed from where it was ingested (cached). An encrypted PDF needs its
        password once per session: given here, or to ``ingest``."""
        with self._lock:
            if password:
                self._passwords[doc_id] = password
            return self._structure(doc_id)

    def _structure(self, doc_id: str) -> ContractStructure:
        if doc_id in self._structures:
            self._structures.move_to_end(doc_id)
            return self._structures[doc_id]
        record = self.record(doc_id)
        path = Path(record.path)
        if file_sha256(path) != doc_id:
            raise InputError(f"{record.file_name} has changed since it was indexed: ingest it again.")
        structure = load_contract(path, password=self._passwords.get(doc_id))
        self._notice_warnings(structure)
        return self._remember(self._structures, doc_id, structure)

    def _notice_warnings(self, structure: ContractStructure) -> None:
        """The parser's warnings (damaged file, OCR, skipped scans), named by file, go to whoever shows notices."""
        name = Path(structure.document.path).name
        for warning in structure.document.warnings:
            self._notice(f"{name}: {warning}")

    def _index(self, doc_id: str) -> DocumentIndex:
        """The document's search index, checked as it is read; a stored copy that is incomplete or of another format
        is indexed again from its file first (outside the lock: indexing takes the store's write lock)."""
        with self._lock:
            index = self._load_index(doc_id)
        if isinstance(index, DocumentIndex):
            return index
        self._reindex(doc_id, problem=index)
        with self._lock:
            index = self._load_index(doc_id)
        if isinstance(index, DocumentIndex):
            return index
        raise StoreError(f"The index holds no usable copy of this document ({index}): ingest it again.")

    def _load_index(self, doc_id: str) -> DocumentIndex | str:
        """The index, or why the stored copy cannot be used."""
        if doc_id in self._indexes:
            self._indexes.move_to_end(doc_id)
            return self._indexes[doc_id]
        record = self.record(doc_id)  # only documents with a completion marker exist
        problem = format_problem(record, self.index_format)
        if problem:
            return problem
        chunks, vectors = self._store.load(doc_id)
        problem = row_problem(record, [chunk.index for chunk in chunks])
        if problem:
            return problem
        return self._remember(self._indexes, doc_id, self._build_index(chunks, vectors), self._index_limit)

    def _reindex(self, doc_id: str, problem: str) -> None:
        record = self.record(doc_id)
        path = Path(record.path)
        if not path.is_file() or file_sha256(path) != doc_id:
            raise InputError(
                f"{record.file_name} must be indexed again ({problem}), but it has changed or moved since: "
                "open it again."
            )
        self.ingest(path, password=self._passwords.get(doc_id))

    def _build_index(self, chunks: tuple[Chunk, ...], vectors: np.ndarray | None) -> DocumentIndex:
        return DocumentIndex.build(chunks, vectors, self.tuning)

    def keep_indexes(self, count: int) -> None:
        """Keep the search indexes of at least ``count`` documents in memory: a matter searched as a whole would
        otherwise reload most of its contracts from the store at every question."""
        with self._lock:
            self._index_limit = max(self._index_limit, count)

    @staticmethod
    def _remember(cache: OrderedDict[str, Any], key: str, value: Any, limit: int = CACHED_DOCUMENTS) -> Any:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > limit:
            cache.popitem(last=False)
        return value

    def retune(self, tuning: SearchTuning) -> None:
        """Search with ``tuning`` from now on; warm indexes built for index-time knobs it changes are rebuilt."""
        with self._lock:
            if not tuning.same_index(self.tuning):
                self._indexes.clear()
            self.tuning = tuning

    # -- search --------------------------------------------------------------------------------------------------

    def search(self, doc_id: str, query: str, top_k: int = 5, candidates: int = 20) -> list[Hit]:
        return self._search(self._index(doc_id), query, top_k, candidates, {})

    def search_each(
        self, doc_ids: Sequence[str], query: str, top_k: int = 5, candidates: int = 20
    ) -> list[list[Hit] | ContractAppError]:
        """What ``search`` gives for each document (or why it cannot be searched), the question's work shared: one
        embedding, one routing to the checklist, and each ranking signal computed over all their clauses at once
        (``across``): a matter of 60 contracts answers in the time of a few."""
        indexes = self._indexes_of(doc_ids)
        usable = [index for index in indexes if isinstance(index, DocumentIndex)]
        if self.embedder is not None and query.strip() and any(index.vectors is not None for index in usable):
            self._query_vector(query)  # embedded before the lock is taken; the searches below find it kept
        results: list[list[Hit] | ContractAppError] = []
        routes: dict[str, list[Routed]] = {}
        count = max(candidates, top_k)
        with self._lock:  # the joint index's kept scores are shared by every thread searching this retriever
            joint = self._joint_index(usable)
            together = None
            if query.strip() and len({index.vectors is None for index in usable}) == 1:  # all embedded, or none
                query_vector, routed = self._routing(query, joint.embedded(), routes)
                together = rank_together(joint, query, query_vector, self.tuning, count, routed)
            positions = iter(range(len(usable)))
            for index in indexes:
                if isinstance(index, ContractAppError):
                    results.append(index)
                    continue
                position = next(positions)
                view = joint.view(position)
                if together is None:
                    results.append(self._search(view, query, top_k, candidates, routes))
                else:
                    results.append(self._hits(view, query, together[position], top_k))
        return results

    def warm_together(self, doc_ids: Sequence[str]) -> None:
        """Load the documents' indexes and join them, so the first ``search_each`` of them is as quick as the next."""
        usable = [index for index in self._indexes_of(doc_ids) if isinstance(index, DocumentIndex)]
        if self.tuning.expands():
            self._concept_router()  # the checklist's phrasings are embedded once: seconds the first question saves
        with self._lock:
            self._joint_index(usable)

    def _indexes_of(self, doc_ids: Sequence[str]) -> list[DocumentIndex | ContractAppError]:
        indexes: list[DocumentIndex | ContractAppError] = []
        for doc_id in doc_ids:
            try:
                indexes.append(self._index(doc_id))
            except ContractAppError as error:  # that document says why; the others are searched
                indexes.append(error)
        return indexes

    def _joint_index(self, indexes: list[DocumentIndex]) -> JointIndex:
        """The documents joined, built again when one of their indexes was reloaded (only the last set is kept)."""
        if self._joint is None or not self._joint.serves(indexes):
            self._joint = JointIndex.build(indexes)
        return self._joint

    def _search(
        self, index: DocumentIndex, query: str, top_k: int, candidates: int, routes: dict[str, list[Routed]]
    ) -> list[Hit]:
        if not index.chunks or not query.strip():
            return []
        query_vector, routed = self._routing(query, index.vectors is not None, routes)
        ranking = rank(index, query, query_vector, self.tuning, max(candidates, top_k), routed)
        return self._hits(index, query, ranking, top_k)

    def _routing(
        self, query: str, has_vectors: bool, routes: dict[str, list[Routed]]
    ) -> tuple[np.ndarray | None, list[Routed]]:
        """The query's vector and the checklist concepts it is routed to (none without vectors to compare it with);
        ``routes`` keeps the routing for the next document of the same question."""
        if self.embedder is None:
            return None, []
        if not has_vectors:
            self._notice(VECTORS_PENDING_NOTICE)
            return None, []
        router = self._concept_router() if self.tuning.expands() else None  # its phrasings embedded once, first
        query_vector = self._query_vector(query)
        if router is None:
            return query_vector, []
        if query not in routes:
            routes[query] = router.route(query_vector, self.tuning.concept_asked, self.tuning.concept_others)
        return query_vector, routes[query]

    def _hits(self, index: DocumentIndex, query: str, ranking: Ranking, top_k: int) -> list[Hit]:
        order, scores = self._rerank(query, index.texts, ranking.shortlist, ranking.fused, top_k)
        return ranked_hits(index, ranking, order, scores, self.tuning, top_k)

    def _concept_router(self) -> ConceptRouter | None:
        """What routes a query to checklist concepts (their phrasings are embedded once, at the first query)."""
        with self._lock:
            if self._router is None and self.embedder is not None:
                self._router = ConceptRouter(load_concepts(), self.embedder)
            return self._router

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, computed once for many documents (a matter) or a repeated question."""
        with self._lock:
            vector = self._query_vectors.get(query)
        if vector is None:
            vector = self._query_embedder().embed([query])[0]
            with self._lock:
                self._remember(self._query_vectors, query, vector, self.cached_queries)
        return vector

    def _query_embedder(self) -> Embedder:
        """What embeds a query: the shared embedder, or with ``query_threads`` a session of the same local model with
        that many threads (a question is some fifteen word pieces: too little work to share among threads, whose
        hand-offs wait for a free core on a busy machine)."""
        embedder = self.embedder
        assert embedder is not None
        if not self.query_threads or not isinstance(embedder, OnnxMiniLM):
            return embedder
        wanted = (embedder.model_file, self.query_threads)
        with self._lock:
            if self._query_session is None or self._query_session[:2] != wanted:
                session = OnnxMiniLM(embedder.model_dir, threads=self.query_threads, precision=embedder.precision)
                self._query_session = (*wanted, session)
            return self._query_session[2]

    def _rerank(
        self, query: str, texts: list[str], shortlist: list[int], fused: np.ndarray, top_k: int
    ) -> tuple[list[int], list[float]]:
        """The reranked top_k; locally the whole shortlist in fused order, so hits dropped as repeats are refilled."""
        first_stage = [float(fused[i]) for i in shortlist]
        if self._reranker is None:
            return shortlist, first_stage
        result = self._reranker.rerank(query, [texts[i] for i in shortlist], first_stage, top_k)
        if result.notice:
            self._notice(result.notice)
        return [shortlist[i] for i in result.order[:top_k]], result.scores[:top_k]
