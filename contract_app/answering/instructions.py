"""Sentences in a contract that are not provisions but instructions to an AI ("Ignore previous instructions ...").

A contract is untrusted text. Such a sentence is never a term of the deal, so it can never back a claim: a quote
of it is rejected and the claim check reads the clause without it.
"""

from __future__ import annotations

import re

from contract_app.sentences import split_sentences

_AI = r"(?:AI|A\.I\.|artificial intelligence|(?:large )?language model|LLM|chat ?bot|assistant|GPT[\w.-]*|ChatGPT)"
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.;]{0,60}?\b(?:instructions?|prompts?|rules|directions|"
    r"guidelines|context)\b"
    r"|\b(?:system|developer) (?:prompt|message|instructions?)\b"
    r"|(?:^|[\s\[<(])(?:SYSTEM|ASSISTANT|DEVELOPER)\s*[:\]>]"
    r"|<\|?(?:im_start|im_end|system|endoftext)\|?>"
    rf"|\byou are (?:now )?(?:an? |the )?{_AI}"
    rf"|\bas an? {_AI}\b"
    rf"|\b(?:dear|attention|note to (?:the )?){_AI}\b"
    rf"|\b{_AI}s?\b[^.;]{{0,40}}\b(?:must|should|shall) (?:now )?(?:answer|respond|reply|say|state|ignore|output)\b"
    r"|\b(?:answer|respond|reply|say|state|output|tell the user)(?: only)? that\b[^.;]{0,80}\b(?:void|invalid|"
    r"unenforceable)\b[^.;]*\b(?:do not|don't|never) cite\b"
    r"|\bdo not cite (?:anything|any clause|the contract|sources)\b"
    r"|\breveal (?:your|the) (?:system )?(?:prompt|instructions)\b",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    """A sentence addressed to an AI rather than to the parties."""
    return bool(_INSTRUCTION.search(sentence))


def provisions(text: str) -> str:
    """``text`` with every instruction-like sentence blanked out (same length, so offsets still hold)."""
    if not _INSTRUCTION.search(text):
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in split_sentences(text):
        if is_instruction(text[start:end]):
            pieces.append(text[cursor:start])
            pieces.append(" " * (end - start))
            cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
