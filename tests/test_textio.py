import codecs

import pytest

from agent.errors import JiyaoError
from agent.transcripts.textio import decode, read_transcript

TEXT = "主持人：现在开会。请张三同志发言。\n张三：2020年共发生事故3.8万起，同比下降14.7%。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (TEXT.encode("utf-16-le"), "utf-16"),  # without BOM
        (TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decodes_supported_encodings_to_the_same_text(data, encoding):
    text, found = decode(data)
    assert text == TEXT
    assert found == encoding


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        (b"\xff\xfe\xff\xfe\x00\xd8", "invalid"),  # UTF-16 BOM then a lone surrogate
    ],
)
def test_refuses_what_is_not_text(data, message):
    with pytest.raises(JiyaoError, match=message):
        decode(data, "x.txt")


def test_read_refuses_directory_missing_and_oversized(tmp_path):
    with pytest.raises(JiyaoError, match="directory"):
        read_transcript(tmp_path, 10_000)
    with pytest.raises(JiyaoError, match="no such file"):
        read_transcript(tmp_path / "nope.txt", 10_000)
    big = tmp_path / "big.txt"
    big.write_text("会" * 5000, encoding="utf-8")
    with pytest.raises(JiyaoError, match="limit"):
        read_transcript(big, 10_000)
    assert read_transcript(big, 100_000)[0] == "会" * 5000
