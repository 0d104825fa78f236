"""The fixed emails the outbox sends: a subject and a body per template, with only the
fields app/core/outbox.ALLOWED_FIELDS allows filled in. None of them carries report
content, on purpose: an email can be read by whoever holds the phone."""

SIGN_OFF = ("\n\nThis email does not contain the report, on purpose. Do not reply to it."
            "\n\nSo Safe Stevenage")
TEMPLATES = {
    "new_report": (
        "New report waiting in your So Safe inbox ({priority} priority)",
        "A new report is waiting in your team's So Safe inbox.\n\n"
        "Reference: {reference}\nPriority: {priority}\n\n"
        "Sign in to read it: {link}" + SIGN_OFF,
    ),
    "forwarded_report": (
        "Report forwarded to your So Safe inbox ({priority} priority)",
        "Another team has forwarded a report to your team's So Safe inbox.\n\n"
        "Reference: {reference}\nPriority: {priority}\n\n"
        "Sign in to read it: {link}" + SIGN_OFF,
    ),
    "update_from_reporter": (
        "New information on a report in your So Safe inbox",
        "The person who made a report has added information to it.\n\n"
        "Reference: {reference}\n\nSign in to read it: {link}" + SIGN_OFF,
    ),
    # To someone an administrator added as staff: a one-time link to choose a password.
    "staff_invitation": (
        "You have a So Safe Stevenage staff account",
        "An administrator has made you a So Safe Stevenage staff account.\n\n"
        "Choose your password here (the link works once, for 3 days): {link}\n\n"
        "If you did not expect this, do not use the link. Do not reply to this email.",
    ),
    # A high-harm repeat raised a report's priority (app/casework/escalation.py).
    "repeat_escalated": (
        "A report in your So Safe inbox is now high priority",
        "A report in your team's So Safe inbox is part of a repeat that includes high harm, "
        "so its priority is now high.\n\n"
        "Reference: {reference}\n\nSign in to read it: {link}" + SIGN_OFF,
    ),
    # To a reporter who left an email address and asked to hear about updates.
    "reporter_update": (
        "There is an update on your report",
        "There is an update on your report to So Safe Stevenage.\n\n"
        "To read it, go to {link} and enter your reference ({reference}) and the receipt "
        "code you were given when you sent the report.\n\n"
        "We never put updates in emails. Do not reply to this email.",
    ),
    # To the same reporter, when a team has asked them something.
    "reporter_message": (
        "There is a message about your report",
        "There is a message for you about your report to So Safe Stevenage.\n\n"
        "To read it, go to {link} and enter your reference ({reference}) and the receipt "
        "code you were given when you sent the report.\n\n"
        "We never put messages in emails. Do not reply to this email.",
    ),
}
