"""Case work through time: risk reviews at set intervals, repeats and escalation, two-way
contact with a reporter who stays anonymous, and the reporter's incident diary
(docs/casework.md). Every query of reports starts from app/inbox/visibility, so a team
sees the case work of its own reports only."""
