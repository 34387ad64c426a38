"""The `beatsync` command: human messages, exit codes, JSON reports, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from beatsync_desktop.cli import demo_inputs
from tests.conftest import SONG_A, SONG_C

ROOT = Path(__file__).resolve().parents[1]


def beatsync(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "beatsync_desktop.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def assert_no_traceback(proc):
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_demo_runs_on_the_bundled_sample(tmp_path):
    video, song = demo_inputs()
    assert video.exists() and song.exists()
    proc = beatsync("demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "beatsync_demo.mp4").exists()
    assert "Song found" in proc.stdout
    assert_no_traceback(proc)


def test_sync_json_report(tmp_path):
    video, song = demo_inputs()
    out = tmp_path / "out.mp4"
    proc = beatsync("sync", video, song, "-o", out, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True and report["output"] == str(out)
    # The demo video was made with the song's 4.0 s mark at 5.0 s of the video.
    assert report["alignment"]["offset"] == pytest.approx(-1.0, abs=0.005)
    assert report["alignment"]["candidates"][0]["windows"] >= 2
    assert set(report["timings"]) == {"probe", "decode", "align", "plan", "render"}
    assert report["plan"]["start"] < 5.0 < report["plan"]["end"]


def test_default_output_is_next_to_the_video(tmp_path):
    video, song = demo_inputs()
    copy = tmp_path / "class video.mp4"
    copy.write_bytes(video.read_bytes())
    proc = beatsync("sync", copy, song, "-q")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "class video_beatsync.mp4").exists()


@pytest.mark.parametrize("case, code, words", [
    ("missing", 3, "not found"),
    ("text", 3, "not a video or audio file"),
    ("no_picture", 4, "no picture"),
    ("wrong_song", 6, "not found in the dance video"),
    ("same_output", 2, "overwrite an input"),
    ("bad_folder", 7, "folder does not exist"),
])
def test_errors_are_one_human_line(case, code, words, tmp_path, songs):
    video, song = demo_inputs()
    args = {
        "missing": ("sync", tmp_path / "nope.mp4", song),
        "text": ("sync", tmp_path / "notes.mp4", song),
        "no_picture": ("sync", songs[SONG_A], song),
        "wrong_song": ("sync", video, songs[SONG_C], "-o", tmp_path / "x.mp4"),
        "same_output": ("sync", video, song, "-o", video),
        "bad_folder": ("sync", video, song, "-o", tmp_path / "no" / "x.mp4"),
    }[case]
    (tmp_path / "notes.mp4").write_text("not a video\n" * 100)
    proc = beatsync(*args)
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr
    assert_no_traceback(proc)
    proc = beatsync(*args, "--json")
    report = json.loads(proc.stdout)
    assert report["ok"] is False and report["error"]["exit_code"] == code


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("command, where", [
    ("sync", "dance"), ("sync", "song"), ("sync", "output"),
    ("analyze", "dance"), ("analyze", "song"),
])
def test_a_pipe_is_refused_in_words_at_once(command, where, tmp_path):
    """A named pipe as the video, the song or the output. Opening a pipe for reading waits
    for a writer: `sync` hung for good (the history hashed the inputs before the engine
    could refuse them; the fuzzer's "hang over 10 s"). Refused before anything opens
    it, in one sentence, with the exit code of an unreadable input (3; 2 for an output
    name that cannot be used, as for a folder); nothing written, the pipe left alone."""
    import stat

    video, song = demo_inputs()
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    pipe = {"dance": folder / "class.mp4", "song": folder / "song.mp3",
            "output": out / "result.mp4"}[where]
    os.mkfifo(pipe)
    args = [command, pipe if where == "dance" else video, pipe if where == "song" else song]
    if command == "sync":
        args += ["-o", out / "result.mp4"]
    code = 2 if where == "output" else 3
    env = dict(os.environ, PYTHONPATH=str(ROOT))     # the history is on (conftest's folder)
    for json_flag in ([], ["--json"]):
        try:
            proc = subprocess.run([sys.executable, "-m", "beatsync_desktop.cli",
                                   *map(str, args), *json_flag],
                                  capture_output=True, text=True, env=env, timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"beatsync {command} with a pipe as the {where} still waits after 60 s")
        assert proc.returncode == code, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "not an ordinary file" in lines[0], proc.stderr
        assert pipe.name in lines[0]
        assert_no_traceback(proc)
        if json_flag:
            report = json.loads(proc.stdout)
            assert report["ok"] is False and report["error"]["exit_code"] == code
    assert sorted(os.listdir(out)) == (["result.mp4"] if where == "output" else [])
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_analyze_reports_without_writing(tmp_path):
    video, song = demo_inputs()
    before = sorted(video.parent.iterdir())
    proc = beatsync("analyze", video, song, "--json", cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["output"] is None
    assert sorted(video.parent.iterdir()) == before and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, words", [
    (["--offset", "nan"], "The offset must be a number between -86400 and 86400, not 'nan'"),
    (["--offset", "inf"], "The offset must be a number"),
    (["--offset", "1e300"], "The offset must be a number"),
    (["--offset", "-1e300"], "The offset must be a number"),       # argparse: "expected one argument"
    (["--speaker-distance", "nan"], "The speaker distance must be a number between 0 and 1000"),
    (["--margin", "-1"], "The margin must be a number"),
    (["--fade", "inf"], "The fade must be a number"),
    (["--bitrate", "abc"], "The bit rate must be a number between 32 and 512, not 'abc'"),
    (["--bitrate", "100000"], "The bit rate must be a number"),
    (["--bogus"], "'--bogus' is not an option of 'beatsync sync'"),
    (["--offset"], "--offset needs a value after it"),
    (["extra.mp4"], "Too many file names"),
])
def test_arguments_that_cannot_work_are_one_sentence(args, words, tmp_path):
    video, song = demo_inputs()
    for json_flag in ([], ["--json"]):
        proc = beatsync("sync", video, song, "-o", tmp_path / "out.mp4", *args, *json_flag)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], proc.stderr
        assert "usage:" not in proc.stderr and "error:" not in proc.stderr
        if json_flag:
            assert json.loads(proc.stdout)["error"]["exit_code"] == 2
    assert list(tmp_path.iterdir()) == []


def test_analyze_refuses_the_options_of_sync_in_words():
    video, song = demo_inputs()
    proc = beatsync("analyze", video, song, "--keep-full")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("beatsync: '--keep-full' is not an option of 'beatsync "
                                   "analyze'; see 'beatsync analyze --help'.")


def test_a_file_whose_name_starts_with_a_dash(tmp_path):
    """argparse took '-class.mp4' for an option: "the following arguments are required"."""
    video, song = demo_inputs()
    (tmp_path / "-class.mp4").write_bytes(video.read_bytes())
    proc = beatsync("sync", "-class.mp4", song, "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "-class_beatsync.mp4").exists()
    proc = beatsync("sync", "-nothing.mp4", song, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("beatsync: No file is named '-nothing.mp4' here, and it is "
                                   "not an option of 'beatsync sync'.")


@pytest.mark.parametrize("args, words", [
    ([], "Say what to do"), (["sync"], "needs two files"), (["dance"], "no command 'dance'"),
])
def test_a_command_line_without_a_command_or_files(args, words):
    proc = beatsync(*args)
    assert proc.returncode == 2 and words in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_offset_with_no_overlap_exits_2_and_writes_nothing(tmp_path):
    video, song = demo_inputs()
    proc = beatsync("sync", video, song, "--offset", "40", "-o", tmp_path / "out.mp4")
    assert proc.returncode == 2
    assert "do not overlap" in proc.stderr and "Wrote" not in proc.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("delay", [0.4, 0.9, 1.4, 2.0, 3.0])
def test_a_stop_at_any_moment_ends_in_words(delay, tmp_path):
    """SIGTERM sent again and again from `delay` on, until the process ends: whether it
    lands during the work, the cleanup or the exit, the process ends with its own exit
    code (143 cancelled, or 0 if the work was done), never killed by the signal."""
    import signal
    import time
    video, song = demo_inputs()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "beatsync_desktop.cli", "sync", str(video),
                             str(song), "-o", str(tmp_path / "r.mp4"), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    time.sleep(delay)
    while proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.01)
    proc.communicate()
    assert proc.returncode in (0, 143)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == (["r.mp4"] if proc.returncode == 0 else [])


# A child that stops itself (os.kill) the moment one of the command's modules is first
# imported: a stop while the command starts, at a known place instead of a lucky delay.
_STOP_WHILE_IMPORTING = """
import os, runpy, signal, sys

class StopOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == TRIGGER:
            os.kill(os.getpid(), SIGNUM)
        return None

TRIGGER, SIGNUM, ENTRY = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.meta_path.insert(0, StopOnImport())
sys.argv = ["beatsync", *sys.argv[4:]]
if ENTRY == "launcher":          # the installed `beatsync` command (pip's script)
    from beatsync_desktop.launcher import cli
    sys.exit(cli())
runpy.run_module("beatsync_desktop.cli", run_name="__main__", alter_sys=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("entry, trigger", [
    ("module", "beatsync_desktop.core.models"),     # cli.py's own imports
    ("module", "beatsync_desktop.history.cli"),     # building the parser
    ("module", "beatsync_desktop.core.pipeline"),   # loading the engine
    ("launcher", "beatsync_desktop.child_env"),
    ("launcher", "beatsync_desktop.cli"),
    ("launcher", "beatsync_desktop.core.models"),
])
@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_a_stop_while_the_command_starts_ends_in_words(entry, trigger, signame, tmp_path):
    """Ctrl+C 0.08 s after start printed a KeyboardInterrupt traceback (the fuzzer): the
    stop handlers were installed by main(), after the command's modules had loaded. Now
    the entry points install them first; a stop at any import after that ends like a
    cancelled job: one sentence, exit 130 (143 after SIGTERM), nothing written."""
    import signal
    signum = getattr(signal, signame)
    video, song = demo_inputs()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for json_flag in ([], ["--json"]):
        proc = subprocess.run([sys.executable, "-c", _STOP_WHILE_IMPORTING, trigger, str(signum),
                               entry, "sync", str(video), str(song), "-o",
                               str(tmp_path / "r.mp4"), *json_flag],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 128 + signum, (proc.returncode, proc.stderr)
        assert proc.stderr.strip().splitlines() == ["beatsync: Cancelled: nothing was written."]
        assert_no_traceback(proc)
        if json_flag:
            error = json.loads(proc.stdout)["error"]
            assert error["kind"] == "cancelled" and error["exit_code"] == 128 + signum
        assert list(tmp_path.iterdir()) == []


def test_a_name_with_a_newline_stays_on_one_line(tmp_path):
    video, song = demo_inputs()
    odd = tmp_path / "class\nfinal.mp4"
    odd.write_bytes(b"not a video" * 100)
    proc = beatsync("sync", odd, song)
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [
        "beatsync: class\\nfinal.mp4 is not a video or audio file that can be read (or it is "
        "damaged beyond reading)."]


def _report_of(candidates, drift_ppm=0.0):
    """The CLI's summary for an alignment with these candidates (offset, windows)."""
    from types import SimpleNamespace

    from beatsync_desktop.cli import _summary
    from beatsync_desktop.core.models import Alignment, Candidate, Segment

    a = Alignment(segments=(Segment(4.0, 20.0, 3.0),), confidence=0.9,
                  candidates=tuple(Candidate(o, 0.5, w) for o, w in candidates),
                  music_start=4.0, music_end=20.0, drift_ppm=drift_ppm)
    plan = SimpleNamespace(start=3.5, end=20.5, video_start=3.0, notes=[])
    media = SimpleNamespace(describe=lambda: "…")
    return _summary(SimpleNamespace(alignment=a, plan=plan, warnings=[], dance=media,
                                    reference=media, outputs=[], output=None))


def test_a_runner_up_with_as_many_votes_says_what_decided():
    tie = _report_of([(-1.0, 19), (5.429, 19)])
    assert "19 analysis windows agreed with it, as many as with the chosen offset" in tie
    assert "against" not in tie
    fewer = _report_of([(-1.0, 19), (5.429, 7)])
    assert "7 analysis windows agreed with it, against 19" in fewer
    assert "--offset 5.429" in tie and "--offset 5.429" in fewer
    more = _report_of([(-1.0, 45), (5.429, 59)])
    assert "59 analysis windows agreed with it, against 45, but the chosen offset" in more


def test_a_drift_under_one_ppm_is_not_reported():
    assert "drift" not in _report_of([(-1.0, 19)], drift_ppm=0.3)
    assert "+150 ppm" in _report_of([(-1.0, 19)], drift_ppm=150.2)
