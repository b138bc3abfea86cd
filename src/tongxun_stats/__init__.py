"""tongxun: every figure in a Chinese work newsletter as a tidy, attributed row.

Public API: ``extract_text``, ``extract_file``, ``to_frame``, ``Figure``,
``load_patterns``; over many issues ``series`` (a time series DataFrame),
``series_records``, ``write_database`` (SQLite), ``write_plot`` (a chart page) and
``extract_on_cluster`` (Dask, partitioned Parquet). Names are imported on first use so that ``import
tongxun_stats`` (and the CLI's start-up) stays cheap.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = [
    "Figure", "extract_file", "extract_on_cluster", "extract_text", "load_patterns", "series", "series_records",
    "to_frame", "warm_up", "write_database", "write_plot", "__version__",
]

_LAZY = {
    "extract_text": ("api", "extract_text"),
    "extract_file": ("api", "extract_file"),
    "to_frame": ("export", "to_frame"),
    "warm_up": ("api", "warm_up"),
    "Figure": ("model", "Figure"),
    "load_patterns": ("patterns", "load_patterns"),
    "series": ("series", "series"),
    "series_records": ("series", "series_records"),
    "write_database": ("sqlite_out", "write_database"),
    "write_plot": ("plot", "write_plot"),
    "extract_on_cluster": ("cluster", "extract_on_cluster"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tongxun_stats' has no attribute {name!r}")
