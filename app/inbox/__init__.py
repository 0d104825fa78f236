"""The partner inbox: which reports a member of staff may see (one rule), what staff do
to a report, and what leaves the inbox in bulk (exports).
"""
