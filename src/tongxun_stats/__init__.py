"""tongxun: every figure in a Chinese work newsletter as a tidy, attributed row.

Public API: ``extract_text``, ``extract_file``, ``to_frame``, ``Figure``,
``load_patterns``. Names are imported on first use so that ``import
tongxun_stats`` (and the CLI's start-up) stays cheap.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Figure", "extract_file", "extract_text", "load_patterns", "to_frame", "__version__"]

_LAZY = {
    "extract_text": ("pipeline", "extract_text"),
    "extract_file": ("pipeline", "extract_file"),
    "to_frame": ("export", "to_frame"),
    "Figure": ("model", "Figure"),
    "load_patterns": ("patterns", "load_patterns"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tongxun_stats' has no attribute {name!r}")
