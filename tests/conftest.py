from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Properties are about results, never time: no per-example deadline on a shared machine.
settings.register_profile("tongxun", deadline=None)
settings.load_profile("tongxun")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_figures():
    from tongxun_stats.pipeline import extract_text

    return {p.name: (p.read_text(encoding="utf-8"), extract_text(p.read_text(encoding="utf-8"), source=p.name)) for p in SAMPLES}
