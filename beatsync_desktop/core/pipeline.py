"""The whole job: probe → decode → align → plan → render, with progress and cancel."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from .align import align
from .decode import AudioData, decode_audio
from .errors import MissingStreamError, OutputError, UsageError
from .features import ANALYSIS_RATE
from .models import SyncOptions, SyncResult
from .plan import plan_cut
from .probe import open_container, probe_media
from .encode_helper import EncodeHelper
from .progress import CancelToken, Progress, ProgressCallback
from .render import AAC_RATES, render


def default_output_path(dance: Path) -> Path:
    """<video folder>/<name>_beatsync.mp4, numbered if that name is taken."""
    dance = Path(dance)
    base = dance.with_name(f"{dance.stem}_beatsync.mp4")
    candidate, n = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{dance.stem}_beatsync_{n}.mp4")
        n += 1
    return candidate


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_output(output: Path, inputs: tuple[Path, ...]) -> None:
    if output.suffix.lower() not in (".mp4", ".mov", ".m4v"):
        raise UsageError(f"The output must be an .mp4 or .mov file, not '{output.suffix}'.")
    for path in inputs:
        if _same_file(output, path) or output.resolve() == path.resolve():
            raise UsageError("The output would overwrite an input file; choose another name.")
    folder = output.parent
    if not folder.is_dir():
        raise OutputError(f"The output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"No permission to write in {folder}.")


class _Timer:
    """Wall time per stage, for the report."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0


def _decode_both(dance: Path, reference: Path, ref_rate: Optional[int],
                 ref_channels: Optional[int], progress: Progress):
    """Decode the live sound (analysis rate, mono) and the reference (for the output).

    One after the other: PyAV holds the GIL while it decodes, so threads would only take
    turns (measured: slower than in sequence).
    """
    live = decode_audio(dance, rate=ANALYSIS_RATE, channels=1,
                        on_fraction=lambda f: progress.update("decode", 0.5 * f))
    ref = decode_audio(reference, rate=ref_rate, channels=ref_channels,
                       on_fraction=lambda f: progress.update("decode", 0.5 + 0.45 * f))
    return live, ref


def _analysis_copy(ref: AudioData) -> "AudioData":
    """The reference at the analysis rate, mono, resampled in memory by FFmpeg's swr."""
    import av
    import numpy as np

    mono = ref.mono().astype(np.float32)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=ANALYSIS_RATE)
    pieces = []
    step = ref.rate * 10
    for i in range(0, mono.size, step):
        frame = av.AudioFrame.from_ndarray(mono[None, i:i + step], format="flt", layout="mono")
        frame.sample_rate = ref.rate
        pieces.extend(f.to_ndarray()[0] for f in resampler.resample(frame))
    pieces.extend(f.to_ndarray()[0] for f in resampler.resample(None))
    samples = np.concatenate(pieces)[None, :] if pieces else np.zeros((1, 0), np.float32)
    return AudioData(samples=samples, rate=ANALYSIS_RATE, start=0.0)


def _run(dance, reference, output, options: SyncOptions, on_progress: Optional[ProgressCallback],
         cancel: Optional[CancelToken], write: bool) -> SyncResult:
    helper = EncodeHelper() if write and USE_HELPER_PROCESS else None
    try:
        return _stages(dance, reference, output, options, on_progress, cancel, write, helper)
    finally:
        if helper is not None:
            helper.close()


# A second process encodes half the audio (see encode_helper); off only for debugging.
USE_HELPER_PROCESS = True


def _stages(dance, reference, output, options: SyncOptions,
            on_progress: Optional[ProgressCallback], cancel: Optional[CancelToken],
            write: bool, helper: Optional[EncodeHelper]) -> SyncResult:
    dance, reference = Path(dance), Path(reference)
    progress = Progress(on_progress, cancel)
    timer = _Timer()
    warnings: list[str] = []
    if write:
        output = Path(output) if output else default_output_path(dance)
        _check_output(output, (dance, reference))

    progress.begin("probe")
    with timer.stage("probe"):
        dance_info = probe_media(dance)
        progress.update("probe", 0.5)
        ref_info = probe_media(reference)
    if not dance_info.has_video:
        raise MissingStreamError(f"{dance.name} has no picture: choose the dance video as the "
                                 f"first file.")
    if not dance_info.has_audio:
        raise MissingStreamError(f"{dance.name} has no sound track, so there is nothing to "
                                 f"match the song against.")
    if not ref_info.has_audio:
        raise MissingStreamError(f"{reference.name} has no sound track: choose the song file "
                                 f"(or a video that carries the song).")
    progress.end("probe")

    progress.begin("decode")
    with timer.stage("decode"):
        ref_rate = None
        if write and ref_info.sample_rate not in AAC_RATES:
            ref_rate = 48000
        # A second encoder pays off only for a song of some length (and if it can start).
        if helper is not None and (ref_info.duration <= 40
                                   or not helper.start(reference, ref_rate)):
            helper = None
        if write:   # the song at its own rate for the output; analysis gets a copy
            live, ref = _decode_both(dance, reference, ref_rate, None, progress)
            ref_analysis = _analysis_copy(ref)
        else:
            live, ref = _decode_both(dance, reference, ANALYSIS_RATE, 1, progress)
            ref_analysis = ref
    for name, info, audio in (("dance video", dance_info, live), ("reference", ref_info, ref)):
        if info.cut_off:
            warnings.append(f"{info.path.name} ends early (an interrupted recording?): "
                            f"used the {info.duration:.1f} s that could be read.")
        elif audio.truncated_at is not None:
            warnings.append(f"The {name}'s sound ends early (damaged or cut off at "
                            f"{audio.truncated_at:.1f} s); used what could be read.")
    if live.gaps > 0.05:
        warnings.append(f"The dance video's sound has gaps ({live.gaps:.2f} s in all); "
                        f"they were kept as silence so the timing stays right.")
    progress.end("decode")

    progress.begin("align")
    with timer.stage("align"):
        alignment = align(live.samples[0], live.start, ref_analysis.samples[0], 0.0,
                          force_offset=options.force_offset,
                          on_fraction=lambda f: progress.update("align", f))
    del live, ref_analysis
    if alignment.confidence < 0.35:
        warnings.append("The match is uncertain: check the result, or try the runner-up.")
    progress.end("align")

    progress.begin("plan")
    with timer.stage("plan"):
        with open_container(dance) as container:
            plan = plan_cut(container, dance_info, alignment, options,
                            check=progress.cancel.check)
    progress.end("plan")

    result = SyncResult(dance=dance_info, reference=ref_info, alignment=alignment, plan=plan,
                        warnings=warnings)
    if write:
        progress.begin("render")
        with timer.stage("render"):
            result.output = render(dance, ref, alignment, plan, output, options,
                                   on_fraction=lambda f: progress.update("render", f),
                                   helper=helper)
        progress.end("render")
    result.timings = timer.timings
    return result


def sync_video(dance, reference, output=None, options: Optional[SyncOptions] = None,
               on_progress: Optional[ProgressCallback] = None,
               cancel: Optional[CancelToken] = None) -> SyncResult:
    """Align the clean `reference` song to the `dance` video and write the synced video."""
    return _run(dance, reference, output, options or SyncOptions(), on_progress, cancel, True)


def analyze(dance, reference, options: Optional[SyncOptions] = None,
            on_progress: Optional[ProgressCallback] = None,
            cancel: Optional[CancelToken] = None) -> SyncResult:
    """Align only: the report of `sync_video` without writing anything."""
    return _run(dance, reference, None, options or SyncOptions(), on_progress, cancel, False)
