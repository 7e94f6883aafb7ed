"""Plain words for the cashier: why a candidate was held back, and why nothing was offered."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from posapp.domain.offer import Reason

if TYPE_CHECKING:  # the model builds its held-back words from here, so it is imported for types only
    from posapp.offers.model import Decision, Note

#: What the cashier should do about a reason, said after the reason itself.
_ADVICE: dict[Reason, str] = {
    Reason.COMPLAINT: "sort that out first, no offers",
    Reason.OVERWHELMED: "let them settle on the wash first",
    Reason.RECENT: "give them a break from offers",
    Reason.ONE_PER_TICKET: "one offer per visit",
}

#: Reasons that hold back every offer on the ticket; the panel names only these when present.
_WHOLE_TICKET = (
    Reason.COMPLAINT,
    Reason.BUDGET,
    Reason.OVERWHELMED,
    Reason.ONE_PER_TICKET,
    Reason.RECENT,
    Reason.NO_CONSENT,
)

#: How the panel ranks reasons when it has room to name only a few.
_PANEL_ORDER = (*_WHOLE_TICKET, Reason.DECLINED_RECENTLY, Reason.TENURE, Reason.NOT_RELEVANT)

_MOST_NAMED = 2

#: What the panel says for a customer in a hold-out group: plainly nothing, so nobody improvises a pitch.
HOLDOUT_WORDS = "No offer for this customer today."


def sentence(reason: Reason, note: str) -> str:
    """One reason as a full sentence.

    e.g. "The customer has a complaint today: sort that out first, no offers."
    A hold-out is said plainly, whatever its note, so nobody improvises a pitch.
    """
    if reason is Reason.HOLDOUT:
        return HOLDOUT_WORDS
    advice = _ADVICE.get(reason)
    text = f"{note}: {advice}" if advice else note
    return _capitalised(text) + "."


def explanation(notes: Sequence[Note]) -> str:
    """Every reason of one held-back candidate, sentence after sentence."""
    return _explained(tuple(notes))


# Cached: built for every held-back candidate of every decision, from the same few reasons.
@functools.lru_cache(maxsize=4096)
def _explained(notes: tuple[Note, ...]) -> str:
    return " ".join(sentence(reason, note) for reason, note in notes)


def not_offered(decision: Decision) -> str:
    """One sentence for the offer panel when nothing is offered; empty when there is an offer.

    e.g. "Not offered: the customer has a complaint today."
    """
    if decision.offer is not None:
        return ""
    if any(Reason.HOLDOUT.value in held.reasons for held in decision.held_back):
        return HOLDOUT_WORDS
    named = _panel_notes(decision)
    if not named:
        return "Not offered: nothing on the ticket calls for an offer."
    return f"Not offered: {_joined(named)}."


def _panel_notes(decision: Decision) -> list[str]:
    found: dict[Reason, list[str]] = {}
    for held in decision.held_back:
        for code, note in zip(held.reasons, held.notes, strict=False):
            reason = Reason(code)
            if reason is Reason.HOLDOUT:
                continue
            if note not in found.setdefault(reason, []):
                found[reason].append(note)
    whole = [reason for reason in _WHOLE_TICKET if reason in found]
    ranked = whole or [reason for reason in _PANEL_ORDER if reason in found]
    notes = [note for reason in ranked for note in found[reason]]
    return notes[:_MOST_NAMED]


def _joined(notes: list[str]) -> str:
    return " and ".join(notes)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
