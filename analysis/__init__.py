from analysis.records import *  # noqa: F403 — placeholder until the public API is assembled
