"""The development LMS: a small LTI 1.3 platform that launches Cartable like Moodle 4.5.

Enabled by ``CARTABLE_DEV_LMS=on``, refused in production; it reaches the tool only
over HTTP, as a real LMS does.
"""
