"""The AGS and NRPS handlers of the platform double (see ``ags_platform``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

Reply = tuple[int, dict[str, str], bytes]
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
ITEM = re.compile(r"^/mod/lti/services\.php/(\d+)/lineitems/(\d+)/lineitem(/\w+)?$")
HTML_404 = b"<!DOCTYPE html><html><body><h1>Not found</h1></body></html>"


@dataclass
class LineItem:
    id: int
    label: str
    score_maximum: float
    resource_id: str = ""
    tag: str = ""
    resource_link_id: str = ""
    submission_review: dict[str, Any] | None = None
    # user id -> {"score": float | None, "timestamp": int, "comment": str}
    grades: dict[str, dict[str, Any]] = field(default_factory=dict)


def json_reply(status: int, document: Any, **headers: str) -> Reply:
    """A JSON answer."""
    body = json.dumps(document).encode()
    return status, {"Content-Type": "application/json", **headers}, body


class AgsServices:
    """Line items, scores, results and memberships, as Moodle 4.5 serves them."""

    course: str
    items: dict[int, LineItem]
    members: list[dict[str, Any]]
    page_size: int | None

    def lineitem_url(self, item_id: int) -> str:
        raise NotImplementedError

    @property
    def lineitems_url(self) -> str:
        raise NotImplementedError

    @property
    def memberships_url(self) -> str:
        raise NotImplementedError

    # -- line items -------------------------------------------------------------
    def _item_json(self, item: LineItem) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.lineitem_url(item.id),
            "label": item.label,
            "scoreMaximum": item.score_maximum,
            "resourceId": item.resource_id,
            "tag": item.tag,
        }
        if item.resource_link_id:
            data["resourceLinkId"] = item.resource_link_id
            data["ltiLinkId"] = item.resource_link_id
        if item.submission_review is not None:
            data["submissionReview"] = item.submission_review
        return data

    def _paged(
        self, call: Any, rows: list[Any], base: str
    ) -> tuple[list[Any], dict[str, str]]:
        limit = int(call.query.get("limit") or self.page_size or 0)
        start = int(call.query.get("from") or 0)
        if not limit:
            return rows, {}
        headers = {}
        if start + limit < len(rows):
            sep = "&" if "?" in base else "?"
            query = urlencode({"limit": limit, "from": start + limit})
            headers["Link"] = f'<{base}{sep}{query}>; rel="next"'
        return rows[start : start + limit], headers

    def _list(self, call: Any) -> Reply:
        rows = [self._item_json(i) for i in self.items.values()]  # filters ignored
        page, headers = self._paged(call, rows, self.lineitems_url)
        return json_reply(200, page, **headers)

    def _create(self, call: Any) -> Reply:
        body = json.loads(call.body)
        if not body.get("label") or not float(body.get("scoreMaximum") or 0) > 0:
            return json_reply(400, {"error": "invalid line item"})
        item = LineItem(
            len(self.items) + 2,
            body["label"],
            float(body["scoreMaximum"]),
            body.get("resourceId") or "",
            body.get("tag") or "",
            str(body.get("resourceLinkId") or ""),
            body.get("submissionReview"),
        )
        self.items[item.id] = item
        return json_reply(201, self._item_json(item))

    def _get_item(self, call: Any) -> Reply:
        item = self.items.get(int(ITEM.match(call.path).group(2)))  # type: ignore[union-attr]
        if item is None:
            return 404, {"Content-Type": "text/html"}, HTML_404
        return json_reply(200, self._item_json(item))

    # -- scores and results -----------------------------------------------------
    def learner_ids(self) -> set[str]:
        return {
            m["user_id"]
            for m in self.members
            if "Learner" in m["roles"] and m["status"] == "Active"
        }

    def _score(self, call: Any) -> Reply:
        item = self.items.get(int(ITEM.match(call.path).group(2)))  # type: ignore[union-attr]
        if item is None:
            return 404, {"Content-Type": "text/html"}, HTML_404
        if call.headers.get("content-type", "").split(";")[0] != SCORE_TYPE:
            return 400, {"Content-Type": "text/plain"}, b"Incorrect score received"
        try:
            body = json.loads(call.body)
            user, stamp = str(body["userId"]), body["timestamp"]
            progress = body["gradingProgress"]
            _ = body["activityProgress"]  # required, like Moodle
            seconds = int(datetime.fromisoformat(stamp).timestamp())
            given = body.get("scoreGiven")
            given = None if given is None else float(given)
        except (KeyError, ValueError, TypeError):
            return 400, {"Content-Type": "text/plain"}, b"Incorrect score received"
        if user not in self.learner_ids():
            return 400, {"Content-Type": "text/plain"}, b"Incorrect score received"
        stored = item.grades.get(user)
        if stored is not None and seconds <= stored["timestamp"]:
            return json_reply(409, [])
        maximum = float(body.get("scoreMaximum") or 1)
        scaled = (
            given / maximum * item.score_maximum
            if progress == "FullyGraded" and given is not None
            else None  # Moodle clears the grade
        )
        item.grades[user] = {
            "score": scaled,
            "timestamp": seconds,
            "comment": body.get("comment"),
        }
        return 200, {"Content-Type": "text/plain"}, b""

    def _results(self, call: Any) -> Reply:
        item = self.items.get(int(ITEM.match(call.path).group(2)))  # type: ignore[union-attr]
        if item is None:
            return 404, {"Content-Type": "text/html"}, HTML_404
        wanted = call.query.get("user_id")
        rows = [
            {
                "id": f"{self.lineitem_url(item.id)}&user={user}",
                "scoreOf": self.lineitem_url(item.id),
                "userId": user,
                "resultScore": grade["score"],
                "resultMaximum": item.score_maximum,
                "comment": grade["comment"],
            }
            for user, grade in item.grades.items()
            if wanted in (None, user) and grade["score"] is not None
        ]
        return json_reply(200, rows)

    # -- NRPS -----------------------------------------------------------------
    def _memberships(self, call: Any) -> Reply:
        if call.headers.get("accept") != NRPS_TYPE:
            return json_reply(406, {"error": "unsupported Accept"})
        wanted = call.query.get("role")
        rows = [m for m in self.members if not wanted or wanted in m["roles"]]
        base = self.memberships_url + (f"?role={wanted}" if wanted else "")
        rows, headers = self._paged(call, rows, base)
        document = {
            "id": self.memberships_url,
            "context": {"id": self.course, "label": "M1-POLSOC", "title": "Cours"},
            "members": rows,
        }
        return json_reply(200, document, **headers)
