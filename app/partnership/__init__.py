"""Who the partnership is: its members, the teams whose inboxes receive reports, and the
help directory of services that support victims.
"""
