"""The WSGI entry point serverless-wsgi serves on Lambda."""

from functions.api.app import create_app

app = create_app()
