"""Partner staff: their accounts, passwords and sign-in codes, and the append-only audit
trail of what they do.
"""
