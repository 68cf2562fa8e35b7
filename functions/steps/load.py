"""Load: the first state of every segment; says at which stage the cycle resumes."""

from functions.services.cycles import load_segment
from functions.steps.step import step
from schemas.steps import LoadInput, LoadOutput


@step(LoadInput, LoadOutput)
def handler(event, repo):
    return load_segment(repo, event["nip"], event["year"], event["execution"])
