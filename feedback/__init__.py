"""Citizens' feedback for the CCHC corner: polls and "phản ánh, kiến nghị" (issues 5 and 6)."""
