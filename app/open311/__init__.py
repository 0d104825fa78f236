"""Open311 GeoReport v2: our server for other systems (services, requests, status updates),
the keys they use, and delivery of reports to a team's own case system.

Nothing here reads the Flask request: the blueprint (app/routes/open311.py) passes in the
parameters, the key and the settings, and turns the results into XML or JSON.
"""
