"""A report from the public, from its first answer to its deletion: the journeys (the
questions), drafts and sending, routing to team inboxes, ASB risk, the ASB Case Review
check, references and receipt codes, signposting to help, and retention.
"""
