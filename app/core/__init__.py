"""The foundation every other package builds on: the one clock, the content files' YAML
reader, the database set-up, the outbox and report photos. Imports nothing above it.
"""
