"""Satisfaction polls and staff/counter ratings (issue 5): settings, tokens, views, admin, blocks."""
