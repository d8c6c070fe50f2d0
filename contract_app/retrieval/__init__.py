"""Retrieval: local embeddings, a Chroma store, hybrid (dense + BM25) search and optional Cohere rerank."""

from contract_app.retrieval.records import DocumentRecord, IngestResult
from contract_app.retrieval.retriever import Retriever, SearchTuning

__all__ = ["DocumentRecord", "IngestResult", "Retriever", "SearchTuning"]
