"""The serve stage: search, views and exports of the store, the HTTP API and the web dashboard."""
