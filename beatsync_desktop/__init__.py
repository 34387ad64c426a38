"""BeatSync Desktop: put the clean song under a dance-class video, exactly aligned."""

__version__ = "0.1.0"
APP_NAME = "BeatSync"
