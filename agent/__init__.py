"""jiyao (纪要): question answering and briefings over Chinese meeting transcripts."""

__version__ = "0.1.0"
