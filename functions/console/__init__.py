"""The console: the pages people use, in Bahasa Indonesia (views.py), over the services the API
calls; its assets come from npm (assets.py)."""
