"""Schedules stored as rows (table `schedules`) and run on the app's ticks.

`store` creates, lists and deletes them and computes their next run in TIMEZONE;
`runner` runs the due ones under the injected clock; `weekdays` reads the day and time
words people type; `plan` reads `/alarm schedule`'s plan and words the schedules. The
features (alarm schedules, the daily digest) say what a run does.
"""
