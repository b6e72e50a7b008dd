"""The HTTP API (JSON, OpenAPI at /openapi.json, docs at /docs) and the app that also serves the dashboard.

Everything here reads the store through views.py and search.py; the only write is the upload,
which runs `presswatch ingest` in a child process. Handlers are `async`: an answer is a few
milliseconds of SQLite and Python, which run faster on the event loop than handed to a thread pool
(456 → 670 requests/s in benchmarks/load.py), so a worker process reads through one read-only
connection (`Store` keeps one per thread, should a handler ever run in one). Errors are JSON
`{"error": message, "status": code}` with the right status: 404 for an unknown id, 422 for a bad
parameter, 400 for a search query that is not valid syntax, 413 for an upload over the limit, 507 for one
the server's full disk cannot hold, 503 (with Retry-After) while the database is locked, missing or being rebuilt. No answer ever carries a traceback
or a path of the server: what went wrong goes to the log.

Every answer carries SECURITY_HEADERS: a Content-Security-Policy that allows only the server's own
scripts, styles and images (the dashboard has no inline script or style; the API docs' start-up is
static/docs.js), and refuses framing, sniffing and referrers to other sites. A request whose line
and headers pass MAX_HEAD bytes is refused: by uvicorn (`run`) before it is read, else by
`Guard` with 431.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import asynccontextmanager
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, FastAPI, Header, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
import orjson
from pydantic import BaseModel
import sqlean as sqlite3
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import gazetteer
from ..store import connect
from . import upload, views
from .query import Order
from .search import Filters, QueryError, SearchTimeout, Sort, generation, in_worker, register_functions, warm

log = logging.getLogger("presswatch.serve")

EventType = Literal["working_session", "conference", "congress", "meeting", "visit", "ceremony", "inspection"]
StatementType = Literal["recommendation", "petition", "assessment", "commitment", "report"]
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
BUSY = ("locked", "busy", "unable to open", "disk i/o", "no such table")  # SQLite's words for a database not readable now
RETRY_AFTER = 30  # seconds
MAX_HEAD = 64 * 1024  # bytes of a request's line and headers
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self';"
       " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "same-origin"}


@dataclass(frozen=True)
class Settings:
    db: Path
    token: str | None = None  # PRESSWATCH_TOKEN: uploads are allowed only with it
    max_upload: int = DEFAULT_MAX_UPLOAD  # bytes

    @classmethod
    def from_env(cls) -> Settings:
        """What `presswatch serve` passes to each worker process: PRESSWATCH_DB, _TOKEN, _MAX_UPLOAD."""
        return cls(Path(os.environ.get("PRESSWATCH_DB", "presswatch.db")), os.environ.get("PRESSWATCH_TOKEN") or None,
                   int(os.environ.get("PRESSWATCH_MAX_UPLOAD", DEFAULT_MAX_UPLOAD)))


class Store:
    """Read-only connections to one database, one per thread (a connection is not for sharing), and a
    cache of what is costly and changes only when the database does: the overview, and the pages of the
    KEPT entities asked for last (a much-written-about person's page is ~20 ms of SQLite, and people ask
    for the same few again and again)."""

    KEPT = 512

    def __init__(self, path: Path) -> None:
        self.path = path
        connect(path, readonly=True).close()  # fails now, with a clear message, rather than on the first request
        self._local = threading.local()
        self._cache: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.path, readonly=True)
            register_functions(conn)
        return conn

    def cached(self, name: Hashable, compute: Callable[[sqlite3.Connection], Any]) -> Any:
        conn = self.conn()
        current = generation(conn)
        hit = self._cache.get(name)
        if hit is None or hit[0] != current:
            hit = self._cache[name] = (current, compute(conn))
            while len(self._cache) > self.KEPT:
                self._cache.popitem(last=False)
        self._cache.move_to_end(name)
        return hit[1]


class JSON(Response):
    """orjson, without FastAPI's per-field encoding pass: views already return plain data."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


class Error(BaseModel):
    error: str
    status: int


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class SearchPage(Page):
    sort: str
    query: dict[str, Any]
    facets: dict[str, list[dict[str, Any]]]


QUERY_HELP = ('Words typed together are a phrase ("chỉnh đốn Đảng"); accents as typed, word by word ("chinh don dang" '
              'matches any accents); "quotes", A OR B, (groups), -word, word*.')


def error(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSON:
    return JSON({"error": message, "status": status, **extra}, status_code=status, headers=headers)


class Guard:
    """ASGI middleware: SECURITY_HEADERS on every answer, and 431 for a request head over MAX_HEAD bytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = len(scope["raw_path"] if scope.get("raw_path") else scope["path"]) + len(scope["query_string"])
        head += sum(len(k) + len(v) + 4 for k, v in scope["headers"])

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *self.headers]
            await send(message)

        if head > MAX_HEAD:
            await error(431, f"the request's headers are larger than {MAX_HEAD:,} bytes")(scope, receive, guarded)
            return
        await self.app(scope, receive, guarded)


async def store(request: Request) -> Store:
    """The app's store. Endpoints take their connection from it in their own thread: a connection
    handed over by a dependency (run in another thread) would be used by two threads at once."""
    return request.app.state.store


Db = Annotated[Store, Depends(store)]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=200)]
Since = Annotated[date | None, Query(description="On or after this day (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="On or before this day (YYYY-MM-DD).")]
Ident = Annotated[str, PathParam(max_length=300)]
NOT_FOUND = {404: {"model": Error, "description": "No such id"}, 422: {"model": Error, "description": "Bad parameter"}}
LISTED = {200: {"model": Page}, 422: {"model": Error, "description": "Bad parameter"}}

router = APIRouter(prefix="/api", tags=["api"], default_response_class=JSON)


def _found(value: dict[str, Any] | None, what: str, ident: str) -> JSON:
    if value is None:
        raise HTTPException(404, f"no {what} {ident!r}")
    return JSON(value)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@router.get("/stats", summary="Counts of everything stored")
async def api_stats(db: Db) -> JSON:
    conn = db.conn()
    return JSON(views.stats(conn))


@router.get("/months", summary="Articles per month of publication")
async def api_months(db: Db) -> JSON:
    return JSON(db.cached("months", views.articles_per_month))


@router.get("/search", summary="Full-text search with facets",
            responses={200: {"model": SearchPage}, 400: {"model": Error}, 422: {"model": Error}, 503: {"model": Error}})
async def api_search(db: Db, q: Annotated[str, Query(min_length=1, max_length=500, description=QUERY_HELP)],
               directive: Text = None, locality: Text = None, person: Text = None, event_type: EventType | None = None,
               since: Since = None, until: Until = None,
               order: Annotated[Order, Query(description="phrase: words typed together side by side; any: each word anywhere.")] = "phrase",
               sort: Annotated[Sort, Query(description="relevance (pw_bm25) or date (newest first).")] = "relevance",
               limit: Limit = 20, offset: Offset = 0) -> JSON:
    """Matching articles with highlighted snippets (`highlights`: offsets into `snippet`, the matched
    phrases only), `total` every match, `facets` the values most of them carry, `query` how the query
    was read. 400 for a query that cannot be searched, 503 for one past the search budget."""
    filters = Filters(directive, locality, person, _day(since), _day(until), event_type)
    try:
        results = await in_worker(db.conn, q, filters, order=order, sort=sort, limit=limit, offset=offset)
    except SearchTimeout as exc:
        raise HTTPException(503, str(exc)) from exc
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    return JSON(results.as_dict(limit, offset))


@router.get("/articles", summary="Articles, latest first", responses=LISTED)
async def api_articles(db: Db, directive: Text = None, locality: Text = None, person: Text = None,
                 event_type: EventType | None = None, since: Since = None, until: Until = None, outlet: Text = None,
                 limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    filters = Filters(directive, locality, person, _day(since), _day(until), event_type)
    return JSON(views.list_articles(conn, filters, outlet=outlet, limit=limit, offset=offset))


@router.get("/articles/{ident}", summary="An article with its facts and the other sources of its story", responses=NOT_FOUND)
async def api_article(db: Db, ident: Ident) -> JSON:
    conn = db.conn()
    return _found(views.article(conn, ident), "article", ident)


@router.get("/directives", summary="The directive registry", responses=LISTED)
async def api_directives(db: Db, q: Text = None, type: Text = None, issuer: Text = None,
                   sort: Literal["articles", "date", "recent"] = "articles", limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_directives(conn, q=q, type=type, issuer=issuer, sort=sort, limit=limit, offset=offset))


@router.get("/directives/{ident:path}", summary="A directive: citations, relations, events, coverage, contradictions",
            responses=NOT_FOUND)
async def api_directive(db: Db, ident: Ident) -> JSON:
    """`ident` is an id as cited (`21-KL/TW`) or a registry key with its term (`21-KL/TW@XIII`)."""
    return _found(db.cached(("directive", ident), lambda conn: views.directive(conn, ident)), "directive", ident)


@router.get("/people", summary="People, most written about first", responses=LISTED)
async def api_people(db: Db, q: Text = None, anchor: Text = None, limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_people(conn, q=q, anchor=anchor, limit=limit, offset=offset))


@router.get("/people/{ident}", summary="A person: positions over time, events chaired, statements", responses=NOT_FOUND)
async def api_person(db: Db, ident: Ident, limit: Limit = 50) -> JSON:
    """Lists hold at most `limit` items; `totals` counts them all (page on with /api/articles?person=)."""
    return _found(db.cached(("person", ident, limit), lambda conn: views.person(conn, ident, limit=limit)), "person", ident)


@router.get("/localities", summary="Localities, most written about first", responses=LISTED)
async def api_localities(db: Db, q: Text = None, level: Text = None, tier: Literal["province", "district", "ward"] | None = None,
                   province: Text = None, era: Literal["legacy", "2025"] | None = None, limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_localities(conn, q=q, level=level, tier=tier, province=province, era=era, limit=limit, offset=offset))


@router.get("/localities/{ident}", summary="A locality: hierarchy, 2025 successor, events", responses=NOT_FOUND)
async def api_locality(db: Db, ident: Ident, limit: Limit = 50) -> JSON:
    return _found(db.cached(("locality", ident, limit), lambda conn: views.locality(conn, ident, limit=limit)), "locality", ident)


@router.get("/organizations", summary="Organizations, most written about first", responses=LISTED)
async def api_organizations(db: Db, q: Text = None, kind: Text = None, level: Text = None, locality: Text = None,
                      limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_organizations(conn, q=q, kind=kind, level=level, locality=locality, limit=limit, offset=offset))


@router.get("/organizations/{ident}", summary="An organization: names, people in it, its events", responses=NOT_FOUND)
async def api_organization(db: Db, ident: Ident, limit: Limit = 50) -> JSON:
    return _found(db.cached(("organization", ident, limit), lambda conn: views.organization(conn, ident, limit=limit)), "organization", ident)


@router.get("/events", summary="Events, latest first", responses=LISTED)
async def api_events(db: Db, type: EventType | None = None, since: Since = None, until: Until = None,
               chair: Annotated[str | None, Query(max_length=200, description="A person id.")] = None,
               locality: Annotated[str | None, Query(max_length=200, description="The locality id of the unit reviewed.")] = None,
               directive: Annotated[str | None, Query(max_length=200, description="A directive id or key.")] = None,
               limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_events(conn, type=type, since=_day(since), until=_day(until), chair=chair, locality=locality,
                                  directive=directive, limit=limit, offset=offset))


@router.get("/statements", summary="Recommendations, petitions, assessments, commitments, reports", responses=LISTED)
async def api_statements(db: Db, type: StatementType | None = None,
                   speaker: Annotated[str | None, Query(max_length=200, description="A person id.")] = None,
                   limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_statements(conn, type=type, speaker=speaker, limit=limit, offset=offset))


@router.get("/contradictions", summary="Where sources disagree, with the sentences on each side", responses=LISTED)
async def api_contradictions(db: Db, kind: Literal["directive_date", "directive_issuer"] | None = None,
                       limit: Limit = 20, offset: Offset = 0) -> JSON:
    conn = db.conn()
    return JSON(views.list_contradictions(conn, kind=kind, limit=limit, offset=offset))


UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}}}


@router.post("/upload", summary="Ingest a file (text, HTML, JSON Lines); needs the server's token",
             openapi_extra=UPLOAD_BODY, responses={401: {"model": Error}, 403: {"model": Error}, 413: {"model": Error},
                                                   415: {"model": Error}, 503: {"model": Error}, 507: {"model": Error}})
async def api_upload(request: Request, authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None) -> JSON:
    """The file is read by `presswatch ingest`; the answer is its summary and the articles it wrote."""
    settings: Settings = request.app.state.settings
    try:
        upload.check_token(settings.token, upload.bearer(authorization))
        body = await upload.read_body(request, settings.max_upload)
        sent = (await upload.form(request, body)).get("file")
        if sent is None or isinstance(sent, str):
            raise upload.UploadError(400, "upload_no_field")
        outcome = await upload.ingest_upload(settings.db, sent.filename, await sent.read())
    except upload.UploadError as exc:
        return error(exc.status, exc.message, exc.headers)
    return JSON(outcome.as_dict())


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json" \
        or "text/html" not in request.headers.get("accept", "")


def _warm(db: Store) -> None:
    """Load what the first search and the first coverage would otherwise load while a reader waits."""
    warm(db.conn())
    gazetteer.within("legacy", "province", "")


def create_app(settings: Settings) -> FastAPI:
    """The whole server: API, dashboard pages, their static files, and the docs (served locally, no CDN)."""
    from . import web

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(_warm, app.state.store)  # before the first request, not during it
        yield

    app = FastAPIOffline(title="presswatch", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                         description="The linked record of Vietnamese political news: directives, officials, "
                                     "organizations, localities, events, statements. Read-only but for /api/upload.")
    app.state.settings = settings
    app.state.store = Store(settings.db)
    app.include_router(router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(packages=[("presswatch.serve", "static")]), name="static")
    app.add_middleware(Guard)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        """Swagger UI, from the files FastAPIOffline serves, started by static/docs.js: no inline script."""
        return HTMLResponse(DOCS_PAGE)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request):
            return error(exc.status_code, str(exc.detail))
        return web.error_page(request, exc.status_code, [exc.problem] if isinstance(exc, web.PageError) else [])

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            details = [{"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "message": e.get("msg", "")}
                       for e in exc.errors()]
            return error(422, "; ".join(f"{d['parameter']}: {d['message']}" for d in details), details=details)
        return web.error_page(request, 422, [web.bad_parameter(e) for e in exc.errors()])

    @app.exception_handler(sqlite3.OperationalError)
    async def unavailable(request: Request, exc: sqlite3.OperationalError) -> Response:
        """A database that is busy, being rebuilt or gone for now: 503, to be asked again; any other fault: 500."""
        if not any(word in str(exc).lower() for word in BUSY):
            return await crash(request, exc)
        log.warning("%s %s: the database is unavailable (%s)", request.method, request.url.path, exc)
        headers = {"Retry-After": str(RETRY_AFTER)}
        if _wants_json(request):
            return JSON({"error": "the database cannot be read just now; try again later", "status": 503}, 503, headers)
        return web.error_page(request, 503, headers=headers)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        """Any other fault: 500, its traceback in the log only. (Starlette answers it outside the middleware: Guard's
        headers are added here.)"""
        log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
        message = "the server could not answer this request; it has been logged"
        response = error(500, message) if _wants_json(request) else web.error_page(request, 500)
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>presswatch API</title>
<link rel="stylesheet" href="/static-offline-docs/swagger-ui.css"><link rel="icon" href="/static/favicon.svg"></head>
<body><div id="swagger-ui"></div>
<script src="/static-offline-docs/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script></body></html>
"""


def app_from_env() -> FastAPI:
    """The app of each uvicorn worker (`presswatch serve` sets the environment)."""
    return create_app(Settings.from_env())


def run(host: str, port: int, workers: int) -> None:
    """Serve `app_from_env` with uvicorn's h11 protocol, which refuses a request head over MAX_HEAD bytes before
    holding it (httptools, its default, reads headers of any size)."""
    import uvicorn

    uvicorn.run("presswatch.serve.api:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", http="h11", h11_max_incomplete_event_size=MAX_HEAD)
