"""Random text, cuts and splices of the seeds: parsers never raise, output fits the schemas."""

from __future__ import annotations

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.corpus import _assemble, _Doc
from analysis.ingest.files import TextFile
from analysis.ingest.parsers import PARSERS, get_parser
from analysis.settings import DEFAULT
from analysis.text import normalise

pytestmark = pytest.mark.slow

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]
fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _validate(kind: str, text: str) -> None:
    parsed = get_parser(kind)(normalise(text))
    doc = _Doc("d", TextFile(SEEDS / "x.txt", text, "utf-8", "0" * 64), kind, parsed)
    _assemble([doc], [], [], DEFAULT)  # builds and validates every table


@pytest.mark.parametrize("kind", sorted(PARSERS))
@fast
@given(text=st.text(max_size=2000))
def test_random_text(kind, text):
    _validate(kind, text)


@pytest.mark.parametrize("kind", sorted(PARSERS))
@fast
@given(seed=st.sampled_from(SEED_TEXTS), a=st.integers(0, 13000), b=st.integers(0, 13000))
def test_cuts_and_splices_of_seeds(kind, seed, a, b):
    lo, hi = sorted((a, b))
    _validate(kind, seed[:lo] + seed[hi:])
    _validate(kind, seed[lo:hi])


@pytest.mark.parametrize("kind", sorted(PARSERS))
@fast
@given(seed=st.sampled_from(SEED_TEXTS), noise=st.binary(max_size=200), at=st.integers(0, 13000))
def test_byte_noise(kind, seed, noise, at):
    _validate(kind, seed[:at] + noise.decode("latin-1") + seed[at:])
