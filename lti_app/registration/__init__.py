"""LTI Dynamic Registration: the page an LMS opens to register Cartable by URL."""
