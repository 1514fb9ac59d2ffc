from agent.index.chunking import chunk_transcript
from agent.transcripts.sentences import units
from agent.transcripts.transcript import load, parse

from .conftest import SAMPLE


def test_sample_chunks_respect_turns_sizes_and_overlap():
    doc = load(SAMPLE, 10**8)
    chunks = chunk_transcript(doc, 200, 400, 160)
    turns = {t.index: t for t in doc.turns}
    for chunk in chunks:
        turn = turns[chunk.turn]
        assert turn.start <= chunk.start < chunk.end <= turn.end  # never across a speaker turn
        assert chunk.end - chunk.start <= 400
        assert chunk.speaker == turn.speaker
        assert all(chunk.start <= s < e <= chunk.end for s, e in chunk.units)
    for a, b in zip(chunks, chunks[1:]):
        if a.turn == b.turn:
            assert b.units[0] == a.units[-1]  # one sentence of overlap
    covered = {u for c in chunks for u in c.units}
    every = {u for t in doc.turns for u in units(doc.text, t.start, t.end, 160)}
    assert covered == every  # no sentence is lost
    sizes = [c.end - c.start for c in chunks]
    assert sum(200 <= s for s in sizes) / len(sizes) > 0.8  # mostly 200–400 characters


def test_long_sentence_without_stops_is_cut_at_commas():
    text = "，".join(["这是一个没有句号的很长的语音识别句子"] * 40)
    doc = parse(text)
    chunks = chunk_transcript(doc, 200, 400, 160)
    assert all(c.end - c.start <= 400 for c in chunks)
    assert all(e - s <= 160 for c in chunks for s, e in c.units)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_a_line_break_in_mid_sentence_does_not_end_it():
    from agent.transcripts.sentences import sentence_spans

    # Recognisers start a paragraph at a pause: "…较大及以上事故" / "同比下降 4.4%。"
    text = "会议纪要\n\n截至年底，较大及以上事故\n\n同比下降 4.4%和 16.8%。\n\n下一步，要抓落实。"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["会议纪要",  # a heading (no punctuation) is a line of its own
                   "截至年底，较大及以上事故\n\n同比下降 4.4%和 16.8%。",
                   "下一步，要抓落实。"]
