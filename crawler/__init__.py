"""Outage Archive: crawler stage."""
