"""Satisfaction polls and staff/counter ratings: models, voting, caching, views, admin, blocks, charts."""
