"""The whole job: probe → decode → align → plan → render, with progress and cancel."""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from .align import align, make_track
from .decode import decode_audio, decode_for_analysis, decode_span
from .errors import Cancelled, MissingStreamError
from .messages import msg
from .models import CONFIDENCE_MEDIUM, SyncOptions, SyncResult
from .output_file import check_output_path
from .output_format import choose_output
from .plan import plan_cut
from .probe import open_container, probe_media
from .encode_helper import EncodeHelper
from .progress import CancelToken, Progress, ProgressCallback
from .render import AAC_RATES, render, song_span

# A song up to this long is kept whole at its own rate from the first decoding pass;
# a longer one (an hour-long class mix) is decoded again for just the span the cut plays.
WHOLE_SONG_LIMIT_S = 8 * 60


def default_output_path(dance: Path, suffix: str = ".mp4") -> Path:
    """<video folder>/<name>_beatsync.mp4 (or another `suffix`), numbered if that name is taken."""
    dance = Path(dance)
    base = dance.with_name(f"{dance.stem}_beatsync{suffix}")
    candidate, n = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{dance.stem}_beatsync_{n}{suffix}")
        n += 1
    return candidate


def run_output_path(output: Path, run: int) -> Path:
    """The file of one run when each run gets its own: <name>_run1.mp4, <name>_run2.mp4 …"""
    output = Path(output)
    return output.with_name(f"{output.stem}_run{run}{output.suffix}")


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


def _decode_both(dance: Path, reference: Path, native: Optional[tuple[Optional[int], None]],
                 progress: Progress, helper: Optional[EncodeHelper]):
    """The analysis copies of both sound tracks (and the whole song at its own rate, when
    it will be written and is short enough to hold), one decoding pass per file.

    With a helper process, it decodes the dance video while this one decodes the song; it
    then decodes its own copy of the song while this one aligns. Without one, one file
    after the other: PyAV holds the GIL while it decodes, so threads would only take turns
    (measured: slower than in sequence). The helper runs the very same function, so the
    analysis copy is the same either way.
    """
    stage = progress.stage("decode")
    if helper is None:
        live, _ = decode_for_analysis(dance, on_fraction=stage.part(0.0, 0.4).report)
        ref, whole = decode_for_analysis(reference, native=native,
                                         on_fraction=stage.part(0.4, 0.95).report)
        return live, ref, whole
    pending = helper.analyse(dance, check=stage.check)
    if native is not None:
        helper.decode(reference, native[0])
    ref, whole = decode_for_analysis(reference, native=native,
                                     on_fraction=stage.part(0.0, 0.9).report)
    live = pending()
    if live is None:         # the helper failed: the same decode here (it also says why)
        live, _ = decode_for_analysis(dance, on_fraction=stage.part(0.9, 0.95).report)
    return live, ref, whole


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
    options.validate()
    explicit = output is not None
    if write:
        output = Path(output) if output else default_output_path(dance)
        if output.is_dir():    # a folder: the default name inside it
            output, explicit = default_output_path(output / dance.name), False
        check_output_path(output, (dance, reference))

    progress.begin("probe")
    with timer.stage("probe"):
        dance_info = probe_media(dance)
        progress.update("probe", 0.5)
        ref_info = probe_media(reference)
    if not dance_info.has_video:
        raise MissingStreamError(msg("dance-no-picture", name=dance.name))
    if not dance_info.has_audio:
        raise MissingStreamError(msg("dance-no-sound", name=dance.name))
    if not ref_info.has_audio:
        raise MissingStreamError(msg("song-no-sound", name=reference.name))
    if write:   # the picture is copied: settle a format that can hold it, before the work
        choice = choose_output(dance, dance_info.video_codec, output, explicit,
                               lambda suffix: default_output_path(dance, suffix))
        output = choice.path
        options = dataclasses.replace(options, container=choice.format)
        if choice.warning:
            warnings.append(choice.warning)
    progress.end("probe")

    progress.begin("decode")
    with timer.stage("decode"):
        ref_rate = None
        if write and ref_info.sample_rate not in AAC_RATES:
            ref_rate = 48000
        whole_song = write and 0 < ref_info.duration <= WHOLE_SONG_LIMIT_S
        # A second encoder pays off only for a song of some length (and if it can start).
        if helper is not None and (ref_info.duration <= 40 or not helper.start()):
            helper = None
        live_data, ref_data, song = _decode_both(
            dance, reference, (ref_rate, None) if whole_song else None, progress, helper)
    for name, info, audio in (("dance video", dance_info, live_data),
                              ("reference", ref_info, ref_data)):
        if info.cut_off:
            warnings.append(msg("warn-file-cut-off", name=info.path.name,
                                seconds=info.duration))
        elif audio.truncated_at is not None:
            warnings.append(msg("warn-sound-cut-off", what=name, seconds=audio.truncated_at))
    if live_data.gaps > 0.05:
        warnings.append(msg("warn-sound-gaps", seconds=live_data.gaps))
    progress.end("decode")

    progress.begin("align")
    with timer.stage("align"):
        live_start = live_data.start
        live = make_track(live_data)
        ref = make_track(ref_data, start=0.0)      # song time counts from its first sample
        del live_data
        alignment = align(live, ref, force_offset=options.force_offset,
                          on_fraction=progress.stage("align").report)
        song_length = ref.duration
    del live, ref
    found = alignment
    numbers = [k + 1 for k in options.run_indices(len(alignment.segments))]   # the ticked runs
    alignment = alignment.keep([n - 1 for n in numbers])
    if options.longest_run and len(alignment.segments) > 1:
        numbers = [numbers[alignment.longest()]]
        alignment = alignment.only(alignment.longest())
    if alignment.confidence < CONFIDENCE_MEDIUM:    # confidence_label() == "low"
        warnings.append(msg("warn-uncertain"))
    progress.end("align")

    # One file, or one per run of the song (each cut like a single run).
    parts = ([alignment.only(k) for k in range(len(alignment.segments))]
             if options.split_runs and len(alignment.segments) > 1 else [alignment])
    progress.begin("plan")
    with timer.stage("plan"):
        with open_container(dance) as container:
            plans = [plan_cut(container, dance_info, part, options,
                              check=progress.stage("plan").check, song_length=song_length)
                     for part in parts]
    progress.end("plan")

    result = SyncResult(dance=dance_info, reference=ref_info, alignment=alignment,
                        plan=plans[0], warnings=warnings,
                        plans=plans if len(parts) > 1 else [])
    if alignment is not found:      # some runs were left out: the report keeps them all
        result.all_runs, result.kept_runs = found.segments, tuple(numbers)
    if write:
        outputs = [output] if len(parts) == 1 else [run_output_path(output, n)
                                                    for n in numbers]   # their own numbers
        if len(parts) > 1:
            for path in outputs:
                check_output_path(path, (dance, reference))
        progress.begin("render")
        with timer.stage("render"):
            stage = progress.stage("render")
            if song is None:       # a long song: read just the part the cuts play
                spans = [song_span(part, plan, options) for part, plan in zip(parts, plans)]
                song = decode_span(reference, (min(a for a, _ in spans), max(b for _, b in spans)),
                                   ref_data, rate=ref_rate, on_fraction=stage.part(0.0, 0.1).report)
                if helper is not None:
                    helper.load(song)
            del ref_data
            room = None
            if len(parts) == 1 and len(alignment.segments) > 1 and options.gap_audio == "room":
                room = decode_audio(dance, song.rate, song.samples.shape[0],
                                    keep=(max(0.0, plans[0].video_start - live_start),
                                          plans[0].end - live_start + 1.0))
            for k, (part, plan, path) in enumerate(zip(parts, plans, outputs)):
                written = render(dance, song, part, plan, path, options, song_length,
                                 progress=stage.part(k / len(parts), (k + 1) / len(parts)),
                                 helper=helper, room=room)
                result.outputs.append(written)
            result.output = result.outputs[0]
        try:
            progress.end("render")
        except Cancelled:   # too late: the output is complete and in place; the job is done
            pass
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
