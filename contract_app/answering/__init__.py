"""Answers with verified citations: a model through any OpenAI-compatible endpoint, or offline, extractively.

Reusable pieces (summaries and the clause report build on them):

* ``ChatClient.shared(settings).complete(messages, on_token=None) -> str``: streaming chat completion with retries;
  every failure is a ``BackendError`` with a plain message.
* ``term_stats(texts)`` then ``score_sentences(question, text, stats, heading="")`` / ``best_sentences(...)``:
  IDF-weighted question coverage per sentence (0..1), the offline answerer's scoring.
* ``verify(raw_model_text, source_clauses(hits))``: citation checking and renumbering for any generated text that
  cites ``[C#]`` ids from ``prompt.build_messages``-style prompts.
"""

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
