"""Feedback: 👍/👎 and optional comments on answers, kept locally and summarised.

One JSON line per event in ``<store>/feedback.jsonl``: when, a hash of the question (never its
text, as in the answer log), the answer shown, the verdict and the comment the user chose to
write. No name, address or session is recorded. ``assistant feedback`` summarises the file.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

_writing = threading.Lock()  # one line at a time from the server's threads


def feedback_path(store_dir: Path) -> Path:
    return Path(store_dir) / "feedback.jsonl"


def record(path: Path, question: str, answer: str, liked: bool | None, comment: str = "") -> dict:
    """Append one event: a verdict (``liked`` True/False) or, with ``liked`` None, a comment."""
    event = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
             "question_id": hashlib.sha256(question.encode()).hexdigest()[:12], "answer": answer,
             "liked": liked, "comment": comment.strip()[:2000]}
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writing, path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
    return event


def summary(path: Path, recent: int = 10) -> list[str]:
    """Lines for ``assistant feedback``: counts, then the answers most often disliked, then recent comments."""
    if not path.exists():
        return [f"No feedback yet ({path} does not exist)."]
    events = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    verdicts = [e for e in events if e["liked"] is not None]
    up = sum(e["liked"] for e in verdicts)
    lines = [f"{len(verdicts)} verdicts: {up} 👍, {len(verdicts) - up} 👎; "
             f"{sum(bool(e['comment']) for e in events)} comments ({path})"]
    disliked = Counter(e["answer"] for e in verdicts if not e["liked"])
    if disliked:
        lines.append("Most disliked answers:")
        lines += [f"  {n} × {answer[:140]}" for answer, n in disliked.most_common(5)]
    comments = [e for e in events if e["comment"]][-recent:]
    if comments:
        lines.append("Recent comments:")
        lines += [f"  {e['time']} on “{e['answer'][:80]}”: {e['comment']}" for e in comments]
    return lines
