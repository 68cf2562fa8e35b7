"""The WSGI entry point serverless-wsgi serves on Lambda (traced when tracing is on)."""

from functions import traces
from functions.api.app import create_app

app = create_app()
app.wsgi_app = traces.wsgi(app.wsgi_app)  # type: ignore[method-assign]
