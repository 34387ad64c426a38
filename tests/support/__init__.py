"""Test helpers for BeatSync: realistic phone-in-a-studio audio and phone-style media files.

- :mod:`tests.support.assets` finds the shared test media (``tests/media``).
- :mod:`tests.support.studio` turns a clean song into a simulated live phone recording
  together with its ground truth.
- :mod:`tests.support.media_factory` writes phone-style video/audio files and reads
  them back independently of the engine.
"""
