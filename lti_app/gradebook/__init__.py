"""Grades to the LMS gradebook through AGS, and the course roster through NRPS.

A service layer other features call (it imports none of them); the outbox handler
``ags.score`` (``sender.send_score``) is registered by ``create_app``. The API,
all in :mod:`lti_app.gradebook.service`:

- ``publish_grade(*, course_id, membership_id, item: LineItemSpec, score_given,
  score_maximum, comment) -> GradeSync``: queue in the caller's transaction (the
  caller commits). Students only (``GradebookError("not-a-student")``). The same
  grade twice queues nothing; a new grade supersedes a waiting one.
  ``LineItemSpec(resource_id, label, score_maximum, tag="", resource_link_id=None)``:
  give ``resource_link_id`` only when the assignment *is* that LMS activity (its
  deep-linked link), whose own column Moodle sends in the launch.
- ``list_grade_states(course_id, resource_id) -> dict[membership_id, GradeState]``
  (``state`` waiting/sent/failed, ``reason_label``, ``reason``, ``confirmed``...).
- ``resend(course_id, sync_id) -> GradeSync | None`` (commits; same score again).
- ``can_send_grades(course_id, resource_link_id=None) -> bool``.
- ``find_resource_id(course_id, lineitem_url) -> str | None`` (submission review).
- ``refresh_roster(course_id)`` and ``list_roster(course_id) -> list[RosterMember]``.
"""
