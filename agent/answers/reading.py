"""What the reader sees of a candidate sentence, taken from its meeting: the sentence, the ones
around it in the same turn, its speaker (as the meeting calls them) and the question the turn
replies to. Training builds its examples with the same function."""
from __future__ import annotations

import re
from typing import Optional

from ..index.library import Document
from ..reader.pairs import Candidate


def label_end(text: str, speaker: Optional[str]) -> int:
    """Where a recorder's speaker label opening text ("发言人2：") ends; 0 when there is none."""
    if not speaker:
        return 0
    label = re.match(rf"{re.escape(speaker)}\s*[：:]\s*", text)
    return label.end() if label else 0


def candidate(doc: Document, span: tuple[int, int]) -> Candidate:
    turn = doc.turn_at(span[0])
    n = doc.unit_no[span]
    before = doc.units[n - 1] if n > 0 else None
    after = doc.units[n + 1] if n + 1 < len(doc.units) else None
    speaker = " ".join(p for p in (turn.speaker, *turn.aliases[:1]) if p)
    text = doc.text[span[0]:span[1]]
    text = text[label_end(text, turn.speaker):]  # the label opening a turn: the speaker is named already
    return Candidate(
        text=text,
        before=doc.text[before[0]:before[1]] if before and before[0] >= turn.start else "",
        after=doc.text[after[0]:after[1]] if after and after[1] <= turn.end else "",
        speaker=speaker,
        asked=turn.replies_to or "",
    )
