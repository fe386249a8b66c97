"""The model zoo: one builder per reference variant, registered under its reference name.

A family module (`models_tf/zoo/<family>.py`) decorates each builder with `@register`.
Builders take `(look_back, horizon, n_features)` and return an uncompiled `keras.Model`.
Shared pieces (decomposition, attention, GRN, N-BEATS and state-space blocks) live in
`models_tf/zoo/layers/` and are reused across families.

Importing this package does not import TensorFlow/Keras: builders are registered when
their family module is imported, which `_load_all()` does on first use.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass

LOOK_BACK = 72
HORIZON = 72
N_FEATURES = 1


@dataclass(frozen=True)
class ModelSpec:
    name: str
    family: str
    version: str
    builder: Callable

    def build(
        self, look_back: int = LOOK_BACK, horizon: int = HORIZON, n_features: int = N_FEATURES
    ):
        return self.builder(look_back=look_back, horizon=horizon, n_features=n_features)


_REGISTRY: dict[str, ModelSpec] = {}
_LOADED = False
_NAME_RE = re.compile(r"^(?P<family>.+?)_Model(?:_(?P<version>v\d+))?$")


def family_and_version(name: str) -> tuple[str, str]:
    """`DLinear_Model_v2` -> (`DLinear`, `v2`); no suffix means `v1`."""
    match = _NAME_RE.match(name)
    if not match:
        raise ValueError(f"model name {name!r} does not follow <Family>_Model[_vN]")
    return match["family"], match["version"] or "v1"


def register(name: str) -> Callable[[Callable], Callable]:
    """Decorator: register `builder` under the reference `name`."""

    def decorate(builder: Callable) -> Callable:
        if name in _REGISTRY:
            raise ValueError(f"model {name!r} registered twice")
        family, version = family_and_version(name)
        _REGISTRY[name] = ModelSpec(name=name, family=family, version=version, builder=builder)
        return builder

    return decorate


def _load_all() -> None:
    global _LOADED
    if _LOADED:
        return
    for module in pkgutil.iter_modules(__path__):
        if module.name != "layers" and not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    _LOADED = True


def names() -> list[str]:
    """All registered model names, sorted."""
    _load_all()
    return sorted(_REGISTRY)


def spec(name: str) -> ModelSpec:
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(
            f"unknown model {name!r}; `carbonwh zoo` lists the {len(_REGISTRY)} available models"
        ) from None


def build(
    name: str, look_back: int = LOOK_BACK, horizon: int = HORIZON, n_features: int = N_FEATURES
):
    """Build the registered model `name` (uncompiled)."""
    return spec(name).build(look_back=look_back, horizon=horizon, n_features=n_features)
