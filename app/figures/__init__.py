"""The partnership's picture: quarterly figures for the manager's dashboard, and the public
"Stevenage in numbers" snapshots that comms staff publish."""
