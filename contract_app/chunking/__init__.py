"""Structure-aware chunks with linked context, and the texts built from them for embedding and for the model."""

from contract_app.chunking.chunker import chunk_contract
from contract_app.chunking.config import ChunkConfig
from contract_app.chunking.render import text_for_embedding, text_for_llm

__all__ = ["ChunkConfig", "chunk_contract", "text_for_embedding", "text_for_llm"]
