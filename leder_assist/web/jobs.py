"""Background processing of uploaded bundles: one case at a time, progress in the database."""

from __future__ import annotations

import logging
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import delete, insert, select

from ..config import Settings
from ..errors import LederError
from ..record import Case
from ..store import Store, cases, documents, redactions
from .redaction_check import case_redaction

log = logging.getLogger(__name__)


class Jobs:
    """Runs :func:`leder_assist.pipeline.run_review` on uploaded cases in a worker thread."""

    def __init__(self, store: Store, settings: Settings, data_dir: Path) -> None:
        self.store = store
        self.settings = settings
        self.data_dir = data_dir
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leder-job")

    def case_dir(self, case_id: int, ref: str) -> Path:
        return self.data_dir / "cases" / str(case_id) / ref

    def submit(self, case_id: int, ref: str) -> Future:
        return self.pool.submit(self.run, case_id, ref)

    def resume(self) -> None:
        """Cases left queued or half-processed by a stopped server are processed again."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(cases.c.id, cases.c.ref).where(cases.c.status.in_(("queued", "processing"))))
            for row in rows.all():
                self.submit(row.id, row.ref)

    def _stage(self, case_id: int, name: str, done: float) -> None:
        with self.store.tx() as conn:
            self.store.set_case(conn, case_id, status="processing", stage=name, progress=round(done, 3))

    def run(self, case_id: int, ref: str) -> None:
        from ..pipeline import run_review

        out_dir = self.data_dir / "cases" / str(case_id) / "out"
        shutil.rmtree(out_dir, ignore_errors=True)
        try:
            result = run_review(self.case_dir(case_id, ref), out_dir, self.settings,
                                on_stage=lambda name, done: self._stage(case_id, name, done))
            self.store_result(case_id, result.case, result.review)
            log.info("case %d processed: %d documents", case_id, len(result.case.documents))
        except Exception as exc:  # noqa: BLE001 - the message of a non-LederError may quote note text
            problem = exc.message if isinstance(exc, LederError) else f"internal error ({type(exc).__name__})"
            log.error("case %d failed: %s", case_id, type(exc).__name__)
            with self.store.tx() as conn:
                self.store.set_case(conn, case_id, status="failed", stage="failed", problem=problem)
                self.store.log(conn, None, "case.failed", case_id, after=problem)

    def store_result(self, case_id: int, case: Case, review: object) -> None:
        """Save a processed case: parsed text, draft review, redactions to check, searchable text."""
        rows = [dict(case_id=case_id, doc_id=r.doc_id, start=r.start, end=r.end, label=r.label,
                     replacement=r.replacement, source=r.source, score=r.score, status="proposed")
                for r in review.redactions]  # type: ignore[attr-defined]
        texts = case_redaction(case, rows)
        with self.store.tx() as conn:
            conn.execute(delete(redactions).where(redactions.c.case_id == case_id))
            conn.execute(delete(documents).where(documents.c.case_id == case_id))
            if rows:
                conn.execute(insert(redactions), rows)
            for doc in case.documents:
                dr = texts.documents.get(doc.doc_id)
                conn.execute(insert(documents).values(case_id=case_id, doc_id=doc.doc_id, filename=doc.filename,
                                                      status=doc.status, checked=doc.status != "ok",
                                                      redacted_text=dr.text if dr else ""))
            self.store.set_case(conn, case_id, status="ready", stage="done", progress=1.0,
                                case_json=case.model_dump_json(), review_json=review.model_dump_json(),  # type: ignore[attr-defined]
                                version=cases.c.version + 1)
            self.store.log(conn, None, "case.processed", case_id,
                           after={"documents": len(case.documents), "failed": len(case.failed),
                                  "redactions": len(rows)})
