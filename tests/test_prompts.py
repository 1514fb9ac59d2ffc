import pytest

from agent import prompts
from agent.errors import JiyaoError
from agent.settings import Settings


def test_every_shipped_prompt_loads_and_renders():
    directory = Settings().prompts_dir
    for path in directory.glob("*.yaml"):
        prompt = prompts.load(directory, path.stem)
        system, user = prompt.render(**{v: f"<{v}>" for v in prompt.variables})
        assert all(f"<{v}>" in system + user for v in prompt.variables)
        assert prompt.id == f"{path.stem}@v{prompt.version}"


def test_rendering_is_strict():
    prompt = prompts.load(Settings().prompts_dir, "answer")
    with pytest.raises(JiyaoError, match="missing"):
        prompt.render(question="x")
    with pytest.raises(JiyaoError, match="no prompt named"):
        prompts.load(Settings().prompts_dir, "nope")
