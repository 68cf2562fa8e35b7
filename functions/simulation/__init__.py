"""The ``simulate`` function (serverless.yml): a draft's dry run, which carries the emulation.

On the top floor with functions/local (tests/layers.py): it runs the emulation of
functions/local/simulation.py in a child process, so the caller's process (the embedded
runtime's own stack, clock and seams; on AWS, the Lambda's real clients) is left as it is.
"""
