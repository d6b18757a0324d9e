"""Keeping pages fast and fresh: the full-page cache, front-end cache purges, the news sidebar's
cache, and the view and visit counters."""
