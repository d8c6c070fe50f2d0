"""Answers with verified citations: a model through any OpenAI-compatible endpoint, or offline, extractively."""

from contract_app.answering.citations import VerifiedAnswer, verify
from contract_app.answering.extractive import NO_CLAUSE, extractive_answer
from contract_app.answering.llm import ChatClient, RetryPolicy
from contract_app.answering.pipeline import ask, model_answer
from contract_app.answering.result import Answer
from contract_app.answering.scoring import ScoredSentence, TermStats, best_sentences, score_sentences, term_stats

__all__ = [
    "NO_CLAUSE",
    "Answer",
    "ChatClient",
    "RetryPolicy",
    "ScoredSentence",
    "TermStats",
    "VerifiedAnswer",
    "ask",
    "best_sentences",
    "extractive_answer",
    "model_answer",
    "score_sentences",
    "term_stats",
    "verify",
]
