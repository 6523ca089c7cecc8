"""Grades to the LMS gradebook through AGS: per-student sync records and the outbox sender."""
