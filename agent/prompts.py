"""Prompt templates as data files in prompts/, loaded by name, rendered strictly."""
from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import JiyaoError


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    variables: tuple[str, ...]
    system: str
    user: str

    @property
    def id(self) -> str:
        return f"{self.name}@v{self.version}"

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every variable filled; a missing or unknown variable is an error."""
        missing = set(self.variables) - set(values)
        extra = set(values) - set(self.variables)
        if missing or extra:
            raise JiyaoError(f"prompt {self.id}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        return self.system.format(**values), self.user.format(**values)


def load(prompts_dir: Path, name: str) -> Prompt:
    path = Path(prompts_dir) / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in Path(prompts_dir).glob("*.yaml"))
        raise JiyaoError(f"no prompt named {name!r} in {prompts_dir}; known: {', '.join(known) or 'none'}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    prompt = Prompt(data["name"], int(data["version"]), tuple(data.get("variables") or ()),
                    data["system"], data["user"])
    used = {f for text in (prompt.system, prompt.user) for _, f, _, _ in string.Formatter().parse(text) if f}
    if used != set(prompt.variables):
        raise JiyaoError(f"{path.name}: template uses {sorted(used)} but declares {sorted(prompt.variables)}")
    return prompt
