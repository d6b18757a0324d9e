"""The demo site: a department portal showing the cchc apps in their own look."""
