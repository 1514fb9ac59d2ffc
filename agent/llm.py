"""The one place that builds chat models, and that turns their failures into one-line reasons.

Any OpenAI-compatible endpoint works (OpenAI, DeepSeek, Qwen compatible mode, vLLM, Ollama,
llama.cpp): LangChain's ChatOpenAI with a base URL. langchain_openai is imported here only, on
first use, so the offline path never pays for it."""
from __future__ import annotations

import time
from typing import Callable, Optional

from .settings import Settings

PLACEHOLDER_KEY = "not-needed"  # local servers (Ollama, llama.cpp) take any key


def require(settings: Settings, backend: str | None) -> str:
    """The backend that will run; an explicit openai with nothing configured is an error."""
    from .errors import JiyaoError

    chosen = settings.resolved_backend(backend)
    if chosen == "openai" and not settings.llm_configured:
        raise JiyaoError("the openai backend needs an endpoint or a key: set JIYAO_LLM_BASE_URL "
                         "(e.g. http://127.0.0.1:11434/v1) or OPENAI_API_KEY, or use --backend extractive")
    return chosen


def chat_model(settings: Settings, streaming: bool = False):
    from langchain_openai import ChatOpenAI

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else PLACEHOLDER_KEY
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=key,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_retries,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        streaming=streaming,
        stream_usage=True,
    )


def chain(prompt, settings: Settings, streaming: bool = False, followup: bool = False):
    """LCEL: the prompt file's system and human messages (and optional follow-up turns) | the model."""
    from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

    messages = [("system", prompt.system), ("human", prompt.user)]
    if followup:
        messages.append(MessagesPlaceholder("followup", optional=True))
    return ChatPromptTemplate.from_messages(messages) | chat_model(settings, streaming)


def structured(prompt, settings: Settings, schema, method: Optional[str] = None):
    """LCEL: the prompt file's messages | the model asked for a reply in `schema` (a pydantic class)
    by `method` (default settings.llm_outcomes): json_mode (response_format json_object: the prompt
    must show the shape and say "JSON"), function_calling (a forced tool call) or json_schema (strict
    structured outputs, OpenAI and vLLM only). It returns {"raw", "parsed", "parsing_error"}: a reply
    that does not parse is no exception, an endpoint failure is."""
    from langchain_core.prompts import ChatPromptTemplate

    model = chat_model(settings).with_structured_output(schema, method=method or settings.llm_outcomes,
                                                        include_raw=True)
    return ChatPromptTemplate.from_messages([("system", prompt.system), ("human", prompt.user)]) | model


def run(runnable, inputs: dict, deadline: float, on_token: Optional[Callable[[str], None]] = None) -> tuple[str, dict]:
    """The reply's text and token usage; a reply still arriving at the deadline is a timeout."""
    if on_token is None:
        message = runnable.invoke(inputs)
        return _text(message.content), dict(message.usage_metadata or {})
    parts, usage = [], {}
    for chunk in runnable.stream(inputs):
        piece = _text(chunk.content)
        if piece:
            parts.append(piece)
            on_token(piece)
        if chunk.usage_metadata:
            usage = dict(chunk.usage_metadata)
        if time.monotonic() > deadline:
            raise TimeoutError("reply still streaming at the deadline")
    return "".join(parts), usage


def deadline(settings: Settings) -> float:
    return time.monotonic() + settings.llm_timeout * (settings.llm_retries + 1)


def _text(content) -> str:
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content or ())


def add_usage(total: dict, usage: dict) -> dict:
    for key in ("input_tokens", "output_tokens", "total_tokens"):
        total[key] = total.get(key, 0) + int(usage.get(key, 0) or 0)
    return total


def reason(exc: BaseException, settings: Settings) -> str:
    """Why a call failed, in one line. Never the server's own message: it may echo the key."""
    import openai

    if isinstance(exc, (openai.APITimeoutError, TimeoutError)):
        return f"timeout after {settings.llm_timeout:g} s"
    if isinstance(exc, openai.APIConnectionError):
        return "endpoint unreachable"
    if isinstance(exc, openai.AuthenticationError):
        return "authentication failed (401): check the API key"
    if isinstance(exc, openai.PermissionDeniedError):
        return "permission denied (403)"
    if isinstance(exc, openai.NotFoundError):
        return f"not found (404): check the base URL and the model name {settings.llm_model!r}"
    if isinstance(exc, openai.RateLimitError):
        return "rate limited (429)"
    if isinstance(exc, openai.APIStatusError):
        return f"endpoint error ({exc.status_code})"
    return f"malformed reply ({type(exc).__name__})"


def declined(exc: BaseException, settings: Settings, on_notice: Optional[Callable[[str], None]], instead: str) -> str:
    """The reason a call failed (see reason), told to the user with what is used instead."""
    why = reason(exc, settings)
    if on_notice:
        on_notice(f"LLM 未采用（{why}），{instead}")
    return why
