"""The engine on music it was not tuned on, in the conditions real phones and rooms produce.

A fixed subset of the seeded stress cases (tests/support/stress.py; the full run is
`python -m tests.benchmark --stress`): hold-out and tune songs alike, each case judged on
the written file at picture times, plus one case for each way the engine used to fail.
"""

from __future__ import annotations

import pytest

from tests.support import stress

CASES = stress.ci_cases()


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    return tmp_path_factory.mktemp("stress references")


@pytest.mark.parametrize("case", CASES, ids=[c.ident for c in CASES])
def test_stress_case(case, references, tmp_path):
    verdict = stress.judge(case, tmp_path / case.ident, references)
    assert not verdict.confidently_wrong, verdict.detail
    assert verdict.passed, f"{verdict.outcome}: {verdict.detail}"


def test_the_subset_covers_the_conditions_that_used_to_fail():
    ids = {c.ident for c in CASES}
    for needed in ("quiet-phone", "padded-reference", "dj-fades", "short-8s", "music-6s",
                   "long-track", "class-mix", "soft-intro", "quiet-master", "wrong-song",
                   "no-music", "silent"):
        assert needed in ids, needed
    assert any(stress.by_name(c.song).split == "holdout" for c in CASES if c.kind == "ok")
    assert sum(c.kind == "ok" for c in CASES) >= 30
