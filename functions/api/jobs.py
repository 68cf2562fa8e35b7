"""Jobs over many cycles (functions/services/jobs.py): their progress, and resuming one."""

from flask import jsonify, url_for
from flask_smorest import Blueprint

from functions.api.auth import tenant
from functions.api.roles import roles
from functions.services import jobs
from functions.services.auth import ADMIN, AUDITOR
from schemas.jobs import JobDetailQuery, JobOut, JobQuery

blp = Blueprint("jobs", __name__, description="Jobs over many cycles (a regency's year)")


def accepted(repo, job):
    """202 with the job and its ``Location``: what a request answered by a job returns."""
    answer = jsonify(JobOut().dump(jobs.shown(repo, job)))
    answer.status_code = 202
    answer.headers["Location"] = url_for("jobs.get_job", job_id=job.job_id)
    return answer


@blp.route("/jobs")
@roles(ADMIN, AUDITOR)
@blp.arguments(JobQuery, location="query")
@blp.response(200, JobOut(many=True))
def list_jobs(query):
    """The regency's jobs, newest first, each with its progress."""
    _, repo = tenant()
    return jobs.listed(repo, query["year"])


@blp.route("/jobs/<job_id>")
@roles(ADMIN, AUDITOR)
@blp.arguments(JobDetailQuery, location="query")
@blp.response(200, JobOut)
def get_job(query, job_id):
    """A job's progress: total, done, skipped, failed (each failure's NIP and reason) and its
    status; with ``cycles=true`` every employee's outcome (a migration's dry run: the change
    per cycle)."""
    _, repo = tenant()
    return jobs.find(repo, job_id, query["cycles"])


@blp.route("/jobs/<job_id>/resume", methods=["POST"])
@roles(ADMIN)
@blp.response(202, JobOut)
def resume_job(job_id):
    """Run again what the job has not finished: batches a worker did not finish, and the
    employees that failed. Those done are not done twice."""
    who, repo = tenant()
    return jobs.resume(repo, who.label, job_id)
