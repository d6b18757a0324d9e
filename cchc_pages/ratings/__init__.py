"""\"Thông tin này có hữu ích không?\": citizens rate the information of any page (ND 224/2026/NĐ-CP
Điều 10 khoản 3), anonymously, from pages that may be cached. Here in cchc_pages, not in feedback:
every page type of both apps shows the question through their base templates, and feedback
depends on cchc_pages, never the other way round."""
