"""Practice: short daily drills on the closes the rep wants to master, built from the rep's
own calls and the playbook, and brought back on a spaced-repetition schedule.

Plain Python, no Qt, no I/O: the store reads and writes, the UI shows.
"""
