"""Jobs of the jobs app: each takes a primary key and calls one service. Safe to run twice."""

from celery import shared_task

from ocop.core.outbox import HARD_TIME_LIMIT, SOFT_TIME_LIMIT


@shared_task(name="ocop.jobs.run", soft_time_limit=SOFT_TIME_LIMIT, time_limit=HARD_TIME_LIMIT)
def job_run_task(job_id: int) -> str:
    from ocop.jobs.services import job_run

    return job_run(job_id=job_id).status


@shared_task(name="ocop.jobs.expire", ignore_result=True, soft_time_limit=300, time_limit=360)
def jobs_expire_task() -> int:
    from ocop.jobs.services import jobs_expire

    return jobs_expire()
