"""The fuzz promise, on a fixed set of mutants (tests/fuzz.py; `python -m tests.fuzz
--count 2000` runs more and prints the table).

For every mutant run through `beatsync sync`, `beatsync analyze --json` or the window's
probe, in its own process: no internal error (exit 70), no run over 10 s, no death by a
signal, nothing left in the output folder after a failure, inputs byte-identical, every
success an output that decodes to the end with picture and sound, every failure one plain
sentence.
"""

from __future__ import annotations

import collections
import os
import sys
import time

import pytest

from tests import fuzz

CI_COUNT = int(os.environ.get("BEATSYNC_FUZZ_COUNT", "240"))
CI_SEED = 2026


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, signals and symlinks: POSIX")
def test_fuzz_promise(tmp_path):
    seeds = fuzz.build_seeds(fuzz.default_seed_dir())
    cases = fuzz.make_cases(CI_COUNT, CI_SEED, seeds)
    kinds = collections.Counter(c.kind for c in cases)
    assert set(kinds) >= {"truncate", "flip_header", "flip_packets", "zero_chunk", "dup_chunk",
                          "glue", "special", "name", "args", "output", "kill", "pristine"}
    t0 = time.monotonic()
    outcomes = fuzz.run_all(cases, tmp_path / "work", jobs=2)
    wall = time.monotonic() - t0
    print()
    print(fuzz.table(outcomes, wall))
    broken = [fuzz.describe(o) for o in outcomes if o.problems]
    assert not broken, "\n".join(broken)
    # The mutants do exercise both outcomes, and every driver.
    codes = collections.Counter(o.code for o in outcomes)
    assert codes[0] > CI_COUNT // 10 and sum(n for c, n in codes.items() if c) > CI_COUNT // 4
    assert {o.case.driver for o in outcomes} >= {"sync", "analyze", "probe", "kill"}


def test_the_mutator_is_reproducible():
    seeds = fuzz.build_seeds(fuzz.default_seed_dir())
    a = [(c.kind, c.note, c.driver, c.dance.name, c.reference.name, c.target, c.args)
         for c in fuzz.make_cases(50, 7, seeds)]
    b = [(c.kind, c.note, c.driver, c.dance.name, c.reference.name, c.target, c.args)
         for c in fuzz.make_cases(50, 7, seeds)]
    assert a == b


@pytest.mark.skipif(sys.platform == "win32", reason="the fuzzer's drivers: POSIX")
def test_a_stream_that_appears_mid_file_is_damage_not_an_internal_error(tmp_path):
    """Seed 2027's mutant #72: a duplicated chunk in an FLV makes PyAV's demuxer raise
    IndexError (PyAV #692) while the sound is read; it was exit 70. The sound read up to
    there is used and the user is told it ends early."""
    seeds = fuzz.build_seeds(fuzz.default_seed_dir())
    case = fuzz.make_cases(73, 2027, seeds)[72]
    assert (case.kind, case.driver, case.dance.name) == ("dup_chunk", "analyze", "class_flv1.flv")
    outcome = fuzz.run_case(case, tmp_path / "work")
    assert not outcome.problems, fuzz.describe(outcome)
    assert outcome.code == 0, fuzz.describe(outcome)
