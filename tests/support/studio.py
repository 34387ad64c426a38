"""Simulate a phone recording a dance class: a clean song played through speakers in a room.

The chain, in the order physics applies it::

    clean excerpt -> small-speaker response -> room (direct path, early reflections,
    diffuse tail, optional propagation delay) -> + crowd noise (pink room tone,
    footsteps/claps, babble) and teacher talk in lead-in/tail -> phone mic response
    -> phone ADC (clock drift + resample to 44.1/48 kHz) -> hard clipping -> AGC/limiter

Everything is deterministic for a given ``seed``.

Ground-truth convention (see :class:`Recording`)
------------------------------------------------
Times are seconds. *Recording time* ``t`` is ``sample_index / Recording.sr`` of the
returned audio. *Reference time* is seconds into the clean song array passed in.
For ``music_start <= t <= music_end``::

    ref_time(t) = ref_start + (t - music_start) * (1 + drift_ppm * 1e-6)

``music_start`` is when the *direct sound* of the excerpt's first sample reaches the
phone: ``(lead_in + propagation_delay) / (1 + drift)``. Without ``distance_m`` the direct
path has zero delay (``propagation_delay == 0``); with it, the delay ``distance_m / 343`` s
(about 2.9 ms/m, rounded to a sample) is included in ``music_start`` and so in every
offset. ``music_end = music_start + length / (1 + drift)``.
``true_offset = ref_time(0)``: where recording time 0 sits in the song (negative when the
video starts before the song's first sample). Without drift ``true_offset = ref_start -
music_start`` for every t. All filters are zero-phase, so they don't move the timing
(real speakers add well under 1 ms of group delay). ``ref_start``, ``lead_in`` and the
delay are rounded to whole samples of the clean song's rate; the Recording holds the
rounded values. Positive ``drift_ppm`` means the phone's clock is slow: the recording
holds slightly more song per recorded second (the ppm is realised as an exact fraction,
:func:`drift_ratio`; ``Recording.drift_ppm`` is the realised value).
Stems (``keep_stems``) are on the air timeline at the clean rate: no drift, no phone stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Optional, Union

import av
import numpy as np
from scipy import signal

SPEED_OF_SOUND = 343.0  # m/s -> 2.92 ms per metre

ArrayOrPath = Union[np.ndarray, str, Path]


# --------------------------------------------------------------------------- decoding

def load_audio(path, sr: Optional[int] = None, mono: bool = False) -> tuple[np.ndarray, int]:
    """Decode an audio (or video) file's first audio stream with PyAV.

    Returns ``(audio, sr)`` with float32 ``audio`` shaped ``[channels, n]``, or ``[n]``
    when ``mono`` (channel average). ``sr=None`` keeps the file's rate.
    """
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = int(sr or stream.codec_context.sample_rate)
        resampler = av.AudioResampler(format="fltp", layout=stream.codec_context.layout, rate=rate)
        chunks = []
        for frame in container.decode(stream):
            frame.pts = None  # we want a continuous sample stream, not timestamp-driven gaps
            chunks.extend(f.to_ndarray() for f in resampler.resample(frame))
        chunks.extend(f.to_ndarray() for f in resampler.resample(None))
    if not chunks:
        raise ValueError(f"no audio decoded from {path}")
    audio = np.concatenate(chunks, axis=1).astype(np.float32)
    return (audio.mean(axis=0) if mono else audio), rate


def _as_mono(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x.mean(axis=0) if x.ndim == 2 else x


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x)))) if len(x) else 0.0


# --------------------------------------------------------------------------- resampling

def _rational_ratio(out_sr: int, in_sr: int) -> tuple[int, int]:
    r = Fraction(int(out_sr), int(in_sr))
    return r.numerator, r.denominator


def drift_ratio(drift_ppm: float) -> Fraction:
    """The exact rate ``1 + drift_ppm*1e-6`` as realised (a fraction resample_poly can do)."""
    return Fraction(1.0 + drift_ppm * 1e-6).limit_denominator(200_000)


def phone_adc(x: np.ndarray, sr: int, out_sr: int, drift_ppm: float = 0.0) -> np.ndarray:
    """Sample the air signal ``x`` (rate ``sr``) with a phone clock at ``out_sr``.

    Output sample ``k`` takes the air signal at time ``k / out_sr * drift_ratio(drift_ppm)``,
    so time 0 stays time 0 (resample_poly is zero-phase) and only the rate changes.
    Two exact rational stages: rate change, then the (tiny) drift.
    """
    y = np.asarray(x, dtype=np.float64)
    if out_sr != sr:
        up, down = _rational_ratio(out_sr, sr)
        y = signal.resample_poly(y, up, down)[: int(np.floor(len(x) * up / down))]
    r = drift_ratio(drift_ppm)
    if r != 1:
        # Output k reads input position k * r: upsample by denominator, take every numerator-th.
        y = signal.resample_poly(y, r.denominator, r.numerator)[: int(np.floor(len(y) / r))]
    return y


# --------------------------------------------------------------------------- room

def room_impulse_response(sr: int, rt60: float, *, distance_m: Optional[float] = None,
                          drr_db: Optional[float] = None, n_early: int = 12,
                          seed: int = 0) -> np.ndarray:
    """Synthetic room impulse response: direct path, early reflections, diffuse tail.

    - direct path: a unit tap at ``round(distance_m / 343 * sr)`` (index 0 without distance);
    - early reflections: ``n_early`` sparse taps 2-50 ms after the direct sound;
    - diffuse tail: Gaussian noise whose energy falls 60 dB in ``rt60`` seconds.
    ``drr_db`` (direct-to-reverberant energy ratio) defaults to ``6 - 12*rt60``
    (about +2 dB for a small room, -8 dB for a 1.2 s hall), typical of a phone a few
    metres from the speakers.
    """
    rng = np.random.default_rng(seed)
    d0 = int(round((distance_m or 0.0) / SPEED_OF_SOUND * sr))
    if rt60 <= 0:
        h = np.zeros(d0 + 1)
        h[d0] = 1.0
        return h
    n_tail = int(1.3 * rt60 * sr)  # -78 dB at the end: below any test's noise floor
    h = np.zeros(d0 + n_tail)
    rev = np.zeros(n_tail)
    # Early reflections from walls/floor/mirrors: sparse, random sign, weaker when later.
    t_early = np.sort(rng.uniform(0.002, 0.050, n_early))
    idx = (t_early * sr).astype(int)
    np.add.at(rev, idx, rng.choice([-1.0, 1.0], n_early) * rng.uniform(0.4, 1.0, n_early)
              * 10 ** (-3 * t_early / rt60))
    # Diffuse tail: exponential energy decay (-60 dB at rt60), ramping in over ~20 ms
    # as the reflection density builds up.
    t = np.arange(n_tail) / sr
    env = 10 ** (-3 * t / rt60) * np.clip(t / 0.02, 0, 1)
    rev += rng.standard_normal(n_tail) * env * 0.5
    rev[0] = 0.0  # the direct sound alone occupies the arrival instant
    if drr_db is None:
        drr_db = 6.0 - 12.0 * rt60
    rev *= np.sqrt(1.0 / np.sum(rev ** 2) / 10 ** (drr_db / 10))
    h[d0:] = rev
    h[d0] = 1.0
    return h


def measure_rt60(ir: np.ndarray, sr: int, db_range: tuple[float, float] = (-5.0, -25.0)) -> float:
    """RT60 by Schroeder backward integration, extrapolating the ``db_range`` slope (T20)."""
    edc = np.cumsum(np.square(ir)[::-1])[::-1]
    edc_db = 10 * np.log10(edc / edc[0] + 1e-30)
    hi, lo = db_range
    i1 = int(np.argmax(edc_db <= hi))
    i2 = int(np.argmax(edc_db <= lo))
    t = np.arange(i1, i2) / sr
    slope = np.polyfit(t, edc_db[i1:i2], 1)[0]  # dB per second (negative)
    return -60.0 / slope


def reverberate(x: np.ndarray, ir: np.ndarray) -> np.ndarray:
    """Convolve with a room response, keeping the input length (the tail past the end is cut)."""
    return signal.fftconvolve(x, ir)[:len(x)]


# --------------------------------------------------------------------------- devices

def _peaking_sos(sr: int, f0: float, gain_db: float, q: float) -> np.ndarray:
    """RBJ peaking-EQ biquad as one SOS row (a speaker/mic resonance)."""
    a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * f0 / sr
    alpha = np.sin(w0) / (2 * q)
    b = np.array([1 + alpha * a, -2 * np.cos(w0), 1 - alpha * a])
    den = np.array([1 + alpha / a, -2 * np.cos(w0), 1 - alpha / a])
    return np.concatenate([b / den[0], den / den[0]])[None, :]


def band_limit(x: np.ndarray, sr: int, *, highpass_hz: Optional[float], lowpass_hz: Optional[float],
               resonance_hz: Optional[float] = None, resonance_db: float = 0.0,
               resonance_q: float = 1.2) -> np.ndarray:
    """Zero-phase high-pass / low-pass / resonance (zero-phase so timing ground truth holds)."""
    sos = []
    if highpass_hz:
        sos.append(signal.butter(2, highpass_hz, "highpass", fs=sr, output="sos"))
    if lowpass_hz and lowpass_hz < sr / 2 * 0.98:
        sos.append(signal.butter(3, lowpass_hz, "lowpass", fs=sr, output="sos"))
    if resonance_hz and resonance_db:
        sos.append(_peaking_sos(sr, resonance_hz, resonance_db, resonance_q))
    if not sos:
        return np.asarray(x, dtype=np.float64)
    return signal.sosfiltfilt(np.concatenate(sos), x)


def speaker_response(x: np.ndarray, sr: int) -> np.ndarray:
    """Small studio/PA speaker: little bass below ~180 Hz, a boxy mid bump, soft top end."""
    return band_limit(x, sr, highpass_hz=180.0, lowpass_hz=12000.0, resonance_hz=900.0, resonance_db=4.0)


def phone_mic_response(x: np.ndarray, sr: int) -> np.ndarray:
    """Phone mic + voice-oriented processing: wind/rumble cut, ~7 kHz top, presence peak."""
    return band_limit(x, sr, highpass_hz=120.0, lowpass_hz=7000.0, resonance_hz=2500.0, resonance_db=5.0)


def hard_clip(x: np.ndarray, drive: float) -> np.ndarray:
    """Overdriven phone input: bring to a -20 dBFS RMS operating level, gain by ``drive``
    (linear, e.g. 4 = +12 dB), and clip at full scale."""
    level = 0.1 / max(_rms(x), 1e-12)
    return np.clip(x * level * drive, -1.0, 1.0)


def phone_agc(x: np.ndarray, sr: int, *, target_db: float = -20.0, max_gain_db: float = 24.0,
              min_gain_db: float = -20.0, attack: float = 0.1, release: float = 2.0,
              ceiling: float = 0.9) -> np.ndarray:
    """Phone automatic gain control: slow gain riding towards ``target_db`` RMS, then a
    look-ahead peak limiter (fast compression) keeping peaks under ``ceiling``.

    Gains are computed on 10 ms frames and interpolated, so the cost is per frame.
    """
    hop = max(1, int(sr * 0.01))
    n_frames = int(np.ceil(len(x) / hop))
    frames = np.pad(x, (0, n_frames * hop - len(x))).reshape(n_frames, hop)
    level_db = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)
    a_att = np.exp(-0.01 / attack)
    a_rel = np.exp(-0.01 / release)
    env = np.empty(n_frames)
    e = level_db[: max(1, int(0.5 / 0.01))].mean()  # start settled on the first 0.5 s
    for i, lv in enumerate(level_db):
        # Loud -> react within `attack`; quiet -> recover gain slowly over `release`.
        a = a_att if lv > e else a_rel
        e = a * e + (1 - a) * lv
        env[i] = e
    gain = 10 ** (np.clip(target_db - env, min_gain_db, max_gain_db) / 20)
    centres = (np.arange(n_frames) + 0.5) * hop
    t = np.arange(len(x))
    y = x * np.interp(t, centres, gain)
    # Limiter: each frame's gain is the minimum needed by it and its neighbours, so the
    # linear interpolation between frame centres never lets a peak through.
    frames = np.pad(y, (0, n_frames * hop - len(y))).reshape(n_frames, hop)
    need = np.minimum(1.0, ceiling / (np.abs(frames).max(axis=1) + 1e-12))
    need = np.minimum(need, np.minimum(np.r_[need[1:], 1.0], np.r_[1.0, need[:-1]]))
    g = np.empty(n_frames)
    cur = 1.0
    rel = np.exp(-0.01 / 0.15)  # 150 ms limiter release
    for i, nd in enumerate(need):
        cur = nd if nd < cur else min(nd, rel * cur + (1 - rel))
        g[i] = cur
    g = np.minimum(g, np.minimum(np.r_[g[1:], 1.0], np.r_[1.0, g[:-1]]))
    return np.clip(y * np.interp(t, centres, g), -1.0, 1.0)


# --------------------------------------------------------------------------- crowd

def pink_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS 1/f noise (room tone / ventilation)."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=np.float64)
    spec /= np.sqrt(np.maximum(f, 1.0))
    y = np.fft.irfft(spec, n)
    return y / max(_rms(y), 1e-12)


def transients(n: int, sr: int, rng: np.random.Generator, *, steps_per_s: float = 3.0,
               claps_per_s: float = 0.6) -> np.ndarray:
    """Unit-RMS footsteps (low thumps) and hand claps (short bright noise bursts)."""
    y = np.zeros(n)
    dur = n / sr
    tt = np.arange(int(0.12 * sr)) / sr
    for t0 in rng.uniform(0, dur, rng.poisson(steps_per_s * dur)):
        thump = np.sin(2 * np.pi * rng.uniform(50, 110) * tt) * np.exp(-tt / 0.035)
        thump += 0.3 * rng.standard_normal(len(tt)) * np.exp(-tt / 0.006)
        i = int(t0 * sr)
        seg = thump[: n - i] * rng.uniform(0.3, 1.0)
        y[i:i + len(seg)] += seg
    bp = signal.butter(2, [900, 3500], "bandpass", fs=sr, output="sos")
    tc = np.arange(int(0.06 * sr)) / sr
    for t0 in rng.uniform(0, dur, rng.poisson(claps_per_s * dur)):
        clap = signal.sosfilt(bp, rng.standard_normal(len(tc))) * np.exp(-tc / 0.012)
        i = int(t0 * sr)
        seg = clap[: n - i] * rng.uniform(0.3, 1.0)
        y[i:i + len(seg)] += seg
    r = _rms(y)
    return y / r if r > 0 else y


def _place_tiled(clip: np.ndarray, n: int, rng: np.random.Generator, gap_s: tuple[float, float],
                 sr: int) -> np.ndarray:
    """Repeat ``clip`` with random pauses until ``n`` samples, starting at a random phase."""
    parts, total = [], 0
    while total < n + len(clip):
        parts.append(clip)
        parts.append(np.zeros(int(rng.uniform(*gap_s) * sr)))
        total += len(parts[-2]) + len(parts[-1])
    y = np.concatenate(parts)
    start = int(rng.integers(0, len(clip) + 1))
    return y[start:start + n]


def babble(talk: np.ndarray, sr: int, n: int, rng: np.random.Generator, voices: int = 6) -> np.ndarray:
    """Unit-RMS chatter: several copies of the speech clip, each re-pitched by resampling
    (so they sound like different people), offset in time and at different distances."""
    y = np.zeros(n)
    for _ in range(voices):
        r = Fraction(rng.uniform(0.82, 1.22)).limit_denominator(24)
        v = signal.resample_poly(talk, r.numerator, r.denominator)
        y += _place_tiled(v, n, rng, (0.2, 1.5), sr) * rng.uniform(0.4, 1.0)
    r = _rms(y)
    return y / r if r > 0 else y


def crowd_noise(n: int, sr: int, rng: np.random.Generator, talk: np.ndarray, *,
                mix: tuple[float, float, float] = (0.5, 0.5, 1.0)) -> np.ndarray:
    """Unit-RMS dance-studio noise: ``mix`` = amplitude weights of (pink room tone,
    footsteps/claps, babble)."""
    y = (mix[0] * pink_noise(n, rng) + mix[1] * transients(n, sr, rng)
         + mix[2] * babble(talk, sr, n, rng))
    return y / max(_rms(y), 1e-12)


def mix_at_snr(signal_: np.ndarray, noise: np.ndarray, snr_db: float,
               region: Optional[slice] = None) -> np.ndarray:
    """Scale ``noise`` so that signal power / noise power over ``region`` equals ``snr_db``."""
    region = region or slice(None)
    p_s = np.mean(np.square(signal_[region]))
    p_n = np.mean(np.square(noise[region]))
    return noise * np.sqrt(p_s / max(p_n, 1e-30) / 10 ** (snr_db / 10))


# --------------------------------------------------------------------------- the whole chain

@dataclass(frozen=True)
class Recording:
    """A simulated phone recording and its ground truth (conventions: module docstring)."""

    audio: np.ndarray            # float32, [n] mono or [channels, n]
    sr: int                      # phone sample rate (44100/48000)
    ref_start: float             # song time (s) of the first music sample (rounded to a song sample)
    music_start: float           # recording time (s) the music's direct sound starts
    music_end: float             # recording time (s) the music's direct sound stops
    drift_ppm: float
    propagation_delay: float     # s, 0 unless distance_m was given (included in music_start)
    lead_in: float               # s of pre-music content (before propagation delay / drift)
    tail: float                  # s of post-music content
    stems: dict = field(default_factory=dict, repr=False)  # at `stems_sr`, before phone stage
    stems_sr: int = 0

    @property
    def duration(self) -> float:
        return self.audio.shape[-1] / self.sr

    @property
    def rate(self) -> float:
        """Song seconds per recording second."""
        return 1.0 + self.drift_ppm * 1e-6

    @property
    def ref_end(self) -> float:
        return self.ref_time(self.music_end)

    def ref_time(self, t):
        """Song time heard at recording time ``t`` (extrapolated outside the music)."""
        return self.ref_start + (np.asarray(t, dtype=np.float64) - self.music_start) * self.rate

    def dance_time(self, ref_t):
        """Recording time at which song time ``ref_t`` is heard."""
        return self.music_start + (np.asarray(ref_t, dtype=np.float64) - self.ref_start) / self.rate

    def offset_at(self, t):
        """``ref_time(t) - t``: constant without drift."""
        return self.ref_time(t) - np.asarray(t, dtype=np.float64)

    @property
    def true_offset(self) -> float:
        """Song time at recording time 0 (``ref_time(0)``); negative if video starts first."""
        return float(self.ref_time(0.0))


def _load_talk(talk: Optional[ArrayOrPath], sr: int) -> np.ndarray:
    if talk is None:
        from .assets import talk_file
        talk = talk_file()
    if isinstance(talk, (str, Path)):
        talk, _ = load_audio(talk, sr=sr, mono=True)
    talk = _as_mono(talk)
    # Trim leading/trailing silence so tiling doesn't create long dead gaps.
    active = np.flatnonzero(np.abs(talk) > 0.02 * np.abs(talk).max())
    return talk[active[0]:active[-1] + 1] if len(active) else talk


_CROWD_GAIN = {"talk": 1.0, "room": 1.0, "silence": 0.03}


def simulate_phone_recording(
    clean: np.ndarray, sr: int, *, ref_start: float = 0.0, length: Optional[float] = None,
    lead_in: float = 0.0, tail: float = 0.0, lead_in_kind: str = "talk", tail_kind: str = "talk",
    rt60: float = 0.5, drr_db: Optional[float] = None, distance_m: Optional[float] = None,
    snr_db: Optional[float] = 20.0, speaker_band: bool = True, phone_band: bool = True,
    agc: bool = False, clip_drive: Optional[float] = None, drift_ppm: float = 0.0,
    out_sr: int = 48000, channels: int = 1, seed: int = 0,
    talk: Optional[ArrayOrPath] = None, keep_stems: bool = False,
    level_dbfs: float = -20.0, talk_over_db: Optional[float] = None,
    fade_in: float = 0.0, fade_out: float = 0.0,
) -> Recording:
    """Turn the clean song into what a phone in a dance studio records.

    clean, sr      the clean song ([n] or [channels, n], any rate; played as mono).
    ref_start      song time (s, >= 0) where playback starts; ``length`` s are played
                   (None: to the song's end).
    lead_in, tail  seconds recorded before the music starts / after it stops. Their
                   content by ``*_kind``: "talk" (teacher speaking over the crowd),
                   "room" (crowd only), "silence" (crowd 30 dB down).
                   A video that starts before the song: ref_start=0, lead_in>0 (negative
                   offset). A dance video longer than the song: length=None, long tail.
    rt60           reverberation time (0 = anechoic); ``drr_db`` direct/reverberant ratio;
                   ``distance_m`` adds propagation delay (included in ground truth).
    snr_db         reverberant-music power over crowd-noise power during the music, at
                   the mic before phone processing (None = no crowd noise).
    speaker_band, phone_band   small-speaker and phone-mic responses.
    clip_drive     overdrive gain above a -20 dBFS RMS level, then hard clip (None: off).
    agc            phone AGC + limiter. Without clip/agc the output is set to -20 dBFS RMS.
    drift_ppm      phone clock error (see module doc); out_sr the phone's sample rate.
    talk           speech clip (array at ``sr`` or a path); None = tests/media/talk.*.
    keep_stems     keep 'music', 'crowd', 'talk' stems (at ``sr``) in ``Recording.stems``.
    level_dbfs     the recording's RMS level without clip/AGC (a phone far from a small
                   speaker records at -40 dBFS); with ``agc`` the AGC's target level.
    talk_over_db   teacher counting/talking *during* the music, at this level relative to
                   the music (None: quiet during the music).
    fade_in, fade_out   DJ-style raised-cosine fades (s) of the played excerpt: the player
                   fades the song in from its middle, or out under the teacher's talk.
    """
    rng = np.random.default_rng(seed)
    x = _as_mono(clean)
    i0 = int(round(ref_start * sr))
    if i0 < 0 or i0 >= len(x):
        raise ValueError(f"ref_start {ref_start} outside the song (0..{len(x) / sr:.2f} s); "
                         "use lead_in for a video that starts before the song")
    n_music = len(x) - i0 if length is None else int(round(length * sr))
    if i0 + n_music > len(x):
        raise ValueError(f"excerpt {ref_start}+{length} s runs past the song's end ({len(x) / sr:.2f} s)")
    n_lead, n_tail = int(round(lead_in * sr)), int(round(tail * sr))
    n = n_lead + n_music + n_tail

    dry = np.zeros(n)
    dry[n_lead:n_lead + n_music] = x[i0:i0 + n_music] * fade_gain(n_music, sr, fade_in, fade_out)
    if speaker_band:
        dry = speaker_response(dry, sr)
    ir = room_impulse_response(sr, rt60, distance_m=distance_m, drr_db=drr_db,
                               seed=int(rng.integers(2 ** 31)))
    delay = int(round((distance_m or 0.0) / SPEED_OF_SOUND * sr))
    music = reverberate(dry, ir)
    m0, m1 = min(n, n_lead + delay), min(n, n_lead + n_music + delay)
    music_rms = _rms(music[m0:m1])

    need_talk = (snr_db is not None or talk_over_db is not None
                 or (lead_in_kind == "talk" and n_lead) or (tail_kind == "talk" and n_tail))
    speech = _load_talk(talk, sr) if need_talk else None

    crowd = np.zeros(n)
    if snr_db is not None:
        # The crowd is in the same room (its own reverb, no propagation delay to speak of).
        crowd = reverberate(crowd_noise(n, sr, rng, speech),
                            room_impulse_response(sr, rt60, drr_db=drr_db, seed=int(rng.integers(2 ** 31))))
        crowd = mix_at_snr(music, crowd, snr_db, slice(m0, m1))
        crowd[:n_lead] *= _CROWD_GAIN[lead_in_kind]
        crowd[n_lead + n_music:] *= _CROWD_GAIN[tail_kind]

    # Teacher talking close to the phone before/after the music, ~3 dB under the music.
    teacher = np.zeros(n)
    for kind, a, b in ((lead_in_kind, 0, n_lead), (tail_kind, n_lead + n_music, n)):
        if kind == "talk" and b > a:
            part = _place_tiled(speech, b - a, rng, (0.3, 1.0), sr)
            teacher[a:b] = part * (music_rms or 0.1) * 10 ** (-3 / 20) / max(_rms(speech), 1e-12)

    if talk_over_db is not None and m1 > m0:
        # Counting in and calling cues over the music, close to the phone.
        part = _place_tiled(speech, m1 - m0, rng, (1.0, 4.0), sr)
        teacher[m0:m1] += part * (music_rms or 0.1) * 10 ** (talk_over_db / 20) / max(_rms(speech), 1e-12)

    mixed = music + crowd + teacher
    if phone_band:
        mixed = phone_mic_response(mixed, sr)
    y = phone_adc(mixed, sr, out_sr, drift_ppm)
    if clip_drive:
        y = hard_clip(y, clip_drive)
    if agc:
        y = phone_agc(y, out_sr, target_db=level_dbfs)
    if not clip_drive and not agc:
        y = y * (10 ** (level_dbfs / 20) / max(_rms(y), 1e-12))
        y /= max(1.0, np.abs(y).max() / 0.99)  # plain scaling, never clipping
    y = y.astype(np.float32)
    if channels > 1:
        y = np.tile(y, (channels, 1))

    rate = float(drift_ratio(drift_ppm))
    return Recording(
        audio=y, sr=out_sr, ref_start=i0 / sr,
        music_start=(n_lead + delay) / sr / rate, music_end=(n_lead + n_music + delay) / sr / rate,
        drift_ppm=(rate - 1.0) * 1e6, propagation_delay=delay / sr, lead_in=n_lead / sr, tail=n_tail / sr,
        stems={"music": music, "crowd": crowd, "talk": teacher} if keep_stems else {},
        stems_sr=sr if keep_stems else 0,
    )


def fade_gain(n: int, sr: int, fade_in: float, fade_out: float) -> np.ndarray:
    """Raised-cosine fade-in and fade-out gains over ``n`` samples (1.0 in between)."""
    g = np.ones(n)
    for length, ramp in ((fade_in, slice(0, None)), (fade_out, slice(None, None, -1))):
        k = min(n, int(round(length * sr)))
        if k > 0:
            g[ramp][:k] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
    return g


# --------------------------------------------------------------------------- presets
# Use as keyword sets: simulate_phone_recording(clean, sr, ref_start=5, **HARD).

CLEAN = MappingProxyType(dict(rt60=0.0, snr_db=None, speaker_band=False, phone_band=False,
                              agc=False, clip_drive=None))
"""No room, no noise, no device colouring: only excerpting, lead-in/tail, drift, resampling."""

EASY = MappingProxyType(dict(rt60=0.35, snr_db=20.0, speaker_band=True, phone_band=True,
                             agc=False, clip_drive=None))
"""Small dry room, phone near the speaker, quiet class."""

HARD = MappingProxyType(dict(rt60=1.2, snr_db=0.0, speaker_band=True, phone_band=True,
                             agc=True, clip_drive=5.0))
"""Big echoing hall, crowd as loud as the music, input driven 14 dB over a -20 dBFS level
and hard-clipped (~5% of samples on these songs), AGC pumping."""

REVERB_HEAVY = MappingProxyType(dict(rt60=1.2, drr_db=-10.0, snr_db=15.0, speaker_band=True,
                                     phone_band=True, agc=False, clip_drive=None, distance_m=8.0))
"""Phone at the back of a reverberant hall (8 m, 23 ms late): reverb dominates the direct sound."""
