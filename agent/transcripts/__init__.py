"""Stage 1, transcripts: a file becomes a `Transcript`.

In: a transcript file (bytes in any of the encodings `textio` recognises) and its optional speakers
sidecar. Out: `transcript.Transcript`, the decoded text with its `Turn`s (speaker, title, agenda item,
offsets into that text), plus the text-level tools every later stage shares: sentence and clause
spans (`sentences`), hand-over and label patterns (`handovers`) and the deletion of fillers and
mid-sentence breaks (`cleanup`). Nothing here knows about the index, questions or LLMs."""
