"""Outage Archive: archive stage."""
