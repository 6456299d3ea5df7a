"""Outage Archive: webapp stage."""
