"""Outage Archive: extract stage."""
