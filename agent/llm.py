"""The one place that builds chat models, and that turns their failures into one-line reasons.

Any OpenAI-compatible endpoint works (OpenAI, DeepSeek, Qwen compatible mode, vLLM, Ollama,
llama.cpp): LangChain's ChatOpenAI with a base URL. langchain_openai is imported here only, on
first use, so the offline path never pays for it."""
from __future__ import annotations

from .settings import Settings

PLACEHOLDER_KEY = "not-needed"  # local servers (Ollama, llama.cpp) take any key


class LLMFailure(Exception):
    """The endpoint could not give an answer; str() is a one-line reason with no secret in it."""


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


def reason(exc: BaseException, settings: Settings) -> str:
    """Why a call failed, in one line. Never the server's own message: it may echo the key."""
    import openai

    if isinstance(exc, LLMFailure):
        return str(exc)
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
