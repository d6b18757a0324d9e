"""Citizens' feedback for the CCHC corner: polls and ratings, and "phản ánh, kiến nghị"."""
