"""Administrative procedures in the national record shape: pages, reading files, importing,
exporting, and the admin upload."""
