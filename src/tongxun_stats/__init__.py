"""tongxun: every figure in a Chinese work newsletter as a tidy, attributed row."""
from __future__ import annotations

__version__ = "0.1.0"
