"""LLM-written briefings: map-reduce over a sector's passages; every bullet verified like an
answer (markers to supplied passages, figures in the passages cited). Failing bullets are dropped
and the briefing is filled up with extractive bullets; a failing endpoint gives the extractive
briefing with the reason."""
from __future__ import annotations

import re
from typing import Callable, Optional

from .. import llm, prompts
from ..answers import verify
from ..answers.generate import Passage
from ..index.library import Document
from ..settings import Settings
from .briefing import Briefing, Bullet
from .sectors import Sector

MAP_BATCH = 4  # passages per map call
_BULLET = re.compile(r"^\s*(?:[-•*]|\d+[.、)])\s*")


def bullets_of(reply: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in reply.splitlines() if _BULLET.match(line) and line.strip(" -•*")]


def brief(doc: Document, sector: Sector, quoted: Briefing, chunks: list, settings: Settings,
          on_notice: Optional[Callable[[str], None]] = None) -> Briefing:
    supplied = [Passage(n, doc.citation(n, (chunk.start, chunk.end))) for n, chunk in enumerate(chunks, 1)]
    if not supplied:
        return quoted
    texts = {p.n: p.citation.text for p in supplied}
    map_prompt = prompts.load(settings.prompts_dir, "summarize_map")
    reduce_prompt = prompts.load(settings.prompts_dir, "summarize_reduce")
    usage: dict = {}
    try:
        points = []
        mapper = llm.chain(map_prompt, settings)
        for i in range(0, len(supplied), MAP_BATCH):
            batch = supplied[i:i + MAP_BATCH]
            reply, used = llm.run(mapper, {"sector": sector.name, "description": sector.description,
                                           "passages": "\n\n".join(p.block() for p in batch)}, llm.deadline(settings))
            usage = llm.add_usage(usage, used)
            points += bullets_of(reply)
        if len(supplied) > MAP_BATCH and len(points) > settings.summary_bullets:
            reply, used = llm.run(llm.chain(reduce_prompt, settings),
                                  {"sector": sector.name, "limit": str(settings.summary_bullets),
                                   "bullets": "\n".join(f"- {p}" for p in points)}, llm.deadline(settings))
            usage = llm.add_usage(usage, used)
            points = bullets_of(reply)
    except Exception as exc:  # noqa: BLE001 - every endpoint failure gives the extractive briefing
        quoted.extra["fallback_reason"] = llm.declined(exc, settings, on_notice, f"{sector.name} 简报改用离线抽取")
        return quoted
    kept, dropped = _verified(points, supplied, texts, settings.summary_bullets)
    kept += _fill(quoted, kept, settings.summary_bullets)
    return Briefing(sector, doc.doc_id, kept, backend="openai", model=settings.llm_model,
                    extra={"fallback_reason": None, "dropped_bullets": dropped, "usage": usage or None,
                           "prompt_ids": [map_prompt.id, reduce_prompt.id]})


def _verified(points: list[str], supplied: list[Passage], texts: dict, limit: int) -> tuple[list[Bullet], int]:
    kept, dropped = [], 0
    for point in points:
        check = verify.check(point, texts)
        if not check.ok or check.refusal or not check.cited:
            dropped += 1
            continue
        citations = [p.citation for p in supplied if p.n in check.cited]
        text = re.sub(r"\[\d+\]", "", check.text).strip()
        kept.append(Bullet(text, citations[0].speaker, citations, citations[0].start))
    return kept[:limit], dropped


def _fill(quoted: Briefing, kept: list[Bullet], limit: int) -> list[Bullet]:
    """Extractive bullets from passages no kept bullet cites, up to the limit."""
    cited = {(c.start, c.end) for b in kept for c in b.citations}
    extra = []
    for bullet in quoted.bullets:
        if len(kept) + len(extra) >= limit:
            break
        c = bullet.citations[0]
        if not any(s <= c.quote_start < e for s, e in cited):
            extra.append(bullet)
    return extra
