"""The reader: a small cross-encoder trained for jiyao, run with onnxruntime (no torch).

In: a question and candidate sentences, each with its context (speaker, the sentences around it,
the question its turn replies to). Out: a relevance score per candidate (a logit; its sigmoid is
the chance the sentence answers), from which answers rank passages, choose sentences and refuse.
`pairs` writes the model's input the same way for training (`training/`) and at run time;
`tokenizer` is XLM-R's unigram tokenizer over the pruned vocabulary shipped with the model;
`model` loads the shipped files and scores in batches. With no model file, `load` returns None
and answers use the rules alone."""
