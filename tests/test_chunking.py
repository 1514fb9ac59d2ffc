from agent.index.chunking import chunk_transcript
from agent.transcripts.sentences import Measure, units
from agent.transcripts.transcript import load, parse

from .conftest import SAMPLE


def test_sample_chunks_respect_turns_sizes_and_overlap():
    doc = load(SAMPLE, 10**8)
    chunks = chunk_transcript(doc, 200, 400, 160)
    turns = {t.index: t for t in doc.turns}
    size = Measure(doc.text).size  # white space between sentences is not counted
    for chunk in chunks:
        turn = turns[chunk.turn]
        assert turn.start <= chunk.start < chunk.end <= turn.end  # never across a speaker turn
        assert size(chunk.start, chunk.end) <= 400
        assert chunk.speaker == turn.speaker
        assert all(chunk.start <= s < e <= chunk.end for s, e in chunk.units)
    for a, b in zip(chunks, chunks[1:]):
        if a.turn == b.turn:
            assert b.units[0] == a.units[-1]  # one sentence of overlap
    covered = {u for c in chunks for u in c.units}
    every = {u for t in doc.turns for u in units(doc.text, t.start, t.end, 160)}
    assert covered == every  # no sentence is lost
    sizes = [size(c.start, c.end) for c in chunks]
    assert sum(200 <= s for s in sizes) / len(sizes) > 0.8  # mostly 200–400 characters


def test_white_space_does_not_move_chunk_or_unit_boundaries():
    # One recogniser writes "。 OK" and blank lines between paragraphs, another "。OK" and none.
    # Sentences of 20 characters, chunks of at most 60: three to a chunk, unless spaces counted.
    speech = ["我们今年的目标是增长百分之五左右，对吧。", "OK，2008年的情况和现在真很不一样。", "大家看一下这个数据，我觉得是非常的清楚。"]
    assert {len(_flat(s)) for s in speech} == {20}
    spaced = "\n\n".join(" ".join(speech * 4) for _ in range(3))
    tight = "\n".join("".join(speech * 4) for _ in range(3))
    shapes = []
    for text in (spaced, tight):
        doc = parse(text)
        chunks = chunk_transcript(doc, 40, 60, 30)
        shapes.append([[_flat(text[s:e]) for s, e in c.units] for c in chunks])
    assert len(shapes[0]) > 5 and all(len(units) == 3 for units in shapes[0][:3])
    assert shapes[0] == shapes[1]


def _flat(text: str) -> str:
    return "".join(text.split())


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


def test_measure_counts_spaces_inside_sentences_only():
    text = "2020 年发生。 OK，好的。\n\n下一步 要抓。"
    measure = Measure(text)
    assert measure.size(0, len(text)) == len(text) - 3  # "。 " and the blank line are not counted
    assert measure.size(0, text.index("OK")) == len("2020 年发生。")
    end = measure.cut(0, len("2020 年发生。O"))
    assert text[:end].endswith("O")  # the cut lands after the counted character
