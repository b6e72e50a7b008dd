"""The dashboard: server-rendered pages (Jinja2, autoescaped), readable without JavaScript.

Vietnamese by default; `?lang=en` switches to English and a cookie remembers it. Every word shown is
in ui.tsv (i18n.py), error pages included; dates are written 05/02/2013. Charts are inline SVG drawn
from charts.py's geometry; no page carries a script or a style attribute, so a strict Content
Security Policy lets it through. Each list and search is also a CSV download (/people.csv?q=…, the
same handler and filters: download.py). Pages read the store only through views.py and search.py,
like the API.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import date
from functools import cache, partial
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from jinja2 import Environment, PackageLoader, StrictUndefined
import sqlean as sqlite3
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response

from . import charts, download, highlight, i18n, upload, views
from .api import Db, EventType, Ident, StatementType, Text
from .highlight import href
from .query import MAX_PREFIXES, MIN_PREFIX, ORDERS, Order
from .search import FACETS, SORTS, Filters, QueryError, SearchTimeout, Sort, in_worker

PAGE = 25  # items per page of a list
SEARCH_ROWS = 1_000  # the best matches a search's CSV holds
SHOWN = 20  # items of a list inside an entity's page
COOKIE_AGE = 365 * 24 * 3600

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("presswatch.serve", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(href=href, facet_names=list(FACETS), event_types=EventType.__args__,
                       statement_types=StatementType.__args__, machine=i18n.machine, basename=_basename,
                       ui_keys=i18n.strings(), sorts=SORTS, orders=ORDERS, prefix_least=MIN_PREFIX, prefix_most=MAX_PREFIXES)
    return env


def _basename(origin: str | None) -> str:
    """The file an article was read from, without the server's folders (which are no reader's business)."""
    return (origin or "").replace("\\", "/").rsplit("/", 1)[-1]


def _language(request: Request) -> str:
    return i18n.choose(request.query_params.get("lang"), request.cookies.get("lang"))


def render(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the reader's language; a language chosen in the URL is remembered in a cookie."""
    asked = request.query_params.get("lang")
    lang = _language(request)
    other = "en" if lang == "vi" else "vi"
    html = environment().get_template(template).render(
        request=request, lang=lang, t=i18n.translator(lang), when=partial(i18n.when, lang=lang),
        num=partial(i18n.number, lang=lang),
        switch_url=str(request.url.include_query_params(lang=other)),
        db_name=request.app.state.settings.db.name, **context)
    response = HTMLResponse(html, code)
    if asked in i18n.LANGUAGES:
        response.set_cookie("lang", asked, max_age=COOKIE_AGE, httponly=True, samesite="lax")
    return response


class PageError(HTTPException):
    """An HTTP error whose page says what went wrong in the reader's language (the detail is the English)."""

    def __init__(self, status: int, key: str, **fields: Any) -> None:
        self.problem = i18n.Problem(key, **fields)
        super().__init__(status, str(self.problem))


def error_page(request: Request, status: int, problems: Sequence[i18n.Problem] = (),
               headers: dict[str, str] | None = None) -> Response:
    """The page of an error, in the reader's language: a heading for the status, then what went wrong."""
    lang = _language(request)
    t, known = i18n.translator(lang), i18n.strings()
    message = " ".join(p.told(lang) for p in problems) or t(f"about_{status}" if f"about_{status}" in known else "about_other",
                                                             path=request.url.path, method=request.method)
    response = render(request, "error.html", status, status=status, message=message,
                      title=t(f"error_{status}" if f"error_{status}" in known else "error_other"))
    response.headers.update(headers or {})
    return response


def bad_parameter(error: dict[str, Any]) -> i18n.Problem:
    """A parameter FastAPI refused (one item of RequestValidationError.errors()), said for the reader."""
    name = ".".join(str(p) for p in error.get("loc", ())[1:]) or "body"
    if error.get("type") == "missing":
        return i18n.Problem("bad_parameter_missing", name=name)
    return i18n.Problem("bad_parameter", name=name, value=str(error.get("input", ""))[:200])


def _found(value: dict[str, Any] | None, what: str, ident: str) -> dict[str, Any]:
    if value is None:
        raise PageError(404, f"missing_{what}", ident=ident)
    return value


def _csv_url(request: Request) -> str:
    """This list's CSV: the same path with .csv, the same filters, every page."""
    url = request.url.remove_query_params(["offset", "lang"])
    return url.path + ".csv" + (f"?{url.query}" if url.query else "")


def _wants_csv(request: Request) -> bool:
    return request.url.path.endswith(".csv")


# --- the favicon ------------------------------------------------------------------------------------

@cache
def _favicon() -> bytes:
    return resources.files(__package__).joinpath("static", "favicon.svg").read_bytes()


@router.get("/favicon.svg")
@router.get("/favicon.ico")
async def favicon() -> Response:
    """An SVG at both addresses: browsers ask for /favicon.ico whatever the page links."""
    return Response(_favicon(), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


def _pager(request: Request, page: dict[str, Any]) -> dict[str, Any]:
    """Links to the previous and next pages of a list, keeping the other parameters."""
    total, limit, offset = page["total"], page["limit"], page["offset"]
    url = request.url
    return {"total": total, "first": offset + 1 if total else 0, "last": min(offset + limit, total),
            "previous": str(url.include_query_params(offset=max(offset - limit, 0))) if offset else None,
            "next": str(url.include_query_params(offset=offset + limit)) if offset + limit < total else None}


# --- overview ---------------------------------------------------------------------------------------

def _overview(conn: sqlite3.Connection) -> dict[str, Any]:
    months = views.articles_per_month(conn)
    return {"stats": views.stats(conn),
            "months": charts.bar_chart([(m["month"], m["articles"]) for m in months]) if months else None,
            "cited": views.list_directives(conn, limit=10)["items"],
            "sessions": views.list_events(conn, type="working_session", limit=8)["items"],
            "contradictions": views.list_contradictions(conn, limit=5)}


@router.get("/")
async def overview(request: Request, db: Db) -> Response:
    return render(request, "overview.html", **db.cached("overview", _overview))


# --- search -----------------------------------------------------------------------------------------

LABELS = {"directive": "SELECT id FROM directives WHERE key = ?", "person": "SELECT name FROM persons WHERE id = ?",
          "locality": "SELECT trim(coalesce(level, '') || ' ' || name) FROM localities WHERE id = ?"}


def _label(conn: sqlite3.Connection, facet: str, value: str, lang: str) -> str:
    """What a facet value (an id, a type, a day) is called on the page."""
    if facet == "event_type":
        return i18n.translator(lang)(f"ev_{value}")
    if facet in ("since", "until"):
        return i18n.when(value, lang)
    if facet not in LABELS:
        return value
    row = conn.execute(LABELS[facet], (value,)).fetchone()
    return row[0] if row and row[0] else value


def _day(value: str | None, name: str) -> str | None:
    """A date field of a form, as ISO: written dd/mm/yyyy as the page shows dates, or YYYY-MM-DD as the API
    takes them; empty is no date, anything else the reader's error (422)."""
    if not value:
        return None
    try:
        if found := re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value):
            return date(int(found[3]), int(found[2]), int(found[1])).isoformat()
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise PageError(422, "bad_date", name=name, value=value) from None


@router.get("/search")
@router.get("/search.csv")
async def search_page(request: Request, db: Db, q: Annotated[str, Query(max_length=500)] = "", directive: Text = None,
                locality: Text = None, person: Text = None, event_type: Annotated[EventType | Literal[""], Query()] = "",
                since: Text = None, until: Text = None, order: Order = "phrase", sort: Sort = "relevance",
                offset: Offset = 0) -> Response:
    """The form sends empty fields for the filters left blank: they mean no filter. The search runs in a
    worker thread (search.in_worker): the event loop serves other readers meanwhile."""
    conn = db.conn()
    filters = Filters(directive or None, locality or None, person or None, _day(since, "since"), _day(until, "until"),
                      event_type or None)
    if _wants_csv(request):
        return await _search_csv(db, q, filters, order, sort)
    lang = _language(request)
    chosen = {name: _label(conn, name, getattr(filters, name), lang) for name in ("directive", "locality", "person", "event_type",
                                                                                 "since", "until") if getattr(filters, name)}
    context: dict[str, Any] = {"q": q, "filters": filters, "chosen": chosen, "order": order, "sort": sort, "hits": [],
                               "counted": None, "problem": None, "reading": None, "pager": None, "csv": None}
    if q.strip():
        try:
            results = await in_worker(db.conn, q, filters, order=order, sort=sort, limit=PAGE, offset=offset)
        except QueryError as exc:
            context["problem"] = exc.told(lang)
            return render(request, "search.html", 503 if isinstance(exc, SearchTimeout) else 400, **context)
        for facet, values in results.facets.items():
            for item in values:
                item["label"] = _label(conn, facet, item["value"], lang)
        context.update(hits=results.hits, counted=results.facets, reading=results.query.reading(),
                       pager=_pager(request, {"total": results.total, "limit": PAGE, "offset": offset}),
                       csv=_csv_url(request), capped=SEARCH_ROWS if results.total > SEARCH_ROWS else None)
    return render(request, "search.html", **context)


async def _search_csv(db: Db, q: str, filters: Filters, order: Order, sort: Sort) -> Response:
    """The first SEARCH_ROWS matches, in the pages' order."""
    try:
        hits = (await in_worker(db.conn, q, filters, order=order, sort=sort, limit=SEARCH_ROWS, facets=0)).hits if q.strip() else []
    except QueryError as exc:
        raise PageError(503 if isinstance(exc, SearchTimeout) else 400, exc.key, **exc.fields) from exc
    rows = [{"rank": n, **hit.as_dict()} for n, hit in enumerate(hits, 1)]
    return download.response("search", "presswatch-search", _once(rows))


def _once(rows: list[dict[str, Any]]) -> Callable[[], AsyncIterator[list[dict[str, Any]]]]:
    """Rows already read, as the chunks download.response sends."""
    async def chunks() -> AsyncIterator[list[dict[str, Any]]]:
        yield rows
    return chunks


# --- entities -----------------------------------------------------------------------------------------

@router.get("/articles/{ident}")
async def article_page(request: Request, db: Db, ident: Ident) -> Response:
    conn = db.conn()
    article = _found(views.article(conn, ident), "article", ident)
    text = highlight.paragraphs(article["body"], highlight.marks(article, _language(request)))
    return render(request, "article.html", article=article, text=text, kinds=highlight.KINDS)


def _cascade(directive: dict[str, Any], t: Any) -> charts.Graph:
    """issuer → the directives it carries out → the directive → the plans carrying it out → units reporting."""
    Node = charts.Node
    this = Node(0, 0, 0, directive["id"], "directive", None, directive.get("type") or "")
    parents = [Node(0, 0, 0, r["key"].split("@")[0], "parent", href("/directives/", r["key"])) for r in directive["implements"]]
    plans = [Node(0, 0, 0, r["key"].split("@")[0], "plan", href("/directives/", r["key"])) for r in directive["implemented_by"]]
    units = sorted((u for group in directive["coverage"] for u in group["covered"]), key=lambda u: (-u["reviewed"], u["name"]))
    unit_nodes = [Node(0, 0, 0, f"{u['level']} {u['name']}", "reviewed" if u["reviewed"] else "unit",
                       href("/localities/", u["id"]), t("reviewed") if u["reviewed"] else t("reported")) for u in units[:10]]
    if len(units) > 10:
        unit_nodes.append(Node(0, 0, 0, t("more_n", n=len(units) - 10), "more"))
    issuer = [Node(0, 0, 0, directive["issuer"], "issuer")] if directive.get("issuer") else []
    columns = [c for c in (issuer, parents[:8], [this], plans[:8], unit_nodes) if c]
    links = [(a, this, "issued") for a in issuer] + [(p, this, "implements") for p in parents[:8]]
    links += [(this, p, "implements") for p in plans[:8]] + [(this, u, u.kind) for u in unit_nodes if u.kind != "more"]
    return charts.layered_graph(columns, links)


@router.get("/citations.csv")
async def citations_csv(db: Db, directive: Annotated[str, Query(max_length=300)]) -> Response:
    """Every citation of a directive, with its article: the directive page's table, whole."""
    found = _found(views.directive(db.conn(), directive), "directive", directive)
    rows = [{**(c["article"] or {}), "article_id": c["article_id"], "directive": found["key"], "date": c["date"],
             "issuer": c["issuer"], "sentence": c["sentence"]} for c in found["citations"]]
    return download.response("citations", "presswatch-citations", _once(rows))


@router.get("/directives/{ident:path}")
async def directive_page(request: Request, db: Db, ident: Ident) -> Response:
    conn = db.conn()
    directive = _found(views.directive(conn, ident), "directive", ident)
    t = i18n.translator(_language(request))
    # the unit first: the type is the same for most events, and a long label is cut at its end
    events = [{"start": e["date"], "end": e["date"], "label": " · ".join(x for x in (e["counterpart"], t(f"ev_{e['type']}")) if x),
               "href": href("/articles/", e["article_id"])} for e in directive["events"]]
    return render(request, "directive.html", d=directive, cascade=_cascade(directive, t), timeline=charts.timeline(events),
                  undated=sum(1 for e in directive["events"] if charts.day(e["date"]) is None), shown=50, shown_events=SHOWN)


@router.get("/people/{ident}")
async def person_page(request: Request, db: Db, ident: Ident) -> Response:
    person = _found(db.cached(("person", ident, SHOWN), lambda conn: views.person(conn, ident, limit=SHOWN)), "person", ident)
    spans = [{"start": p["first_seen"], "end": p["last_seen"], "label": p["position"]} for p in person["positions"]]
    return render(request, "person.html", p=person, timeline=charts.timeline(spans),
                  undated=[p for p in person["positions"] if charts.day(p["first_seen"]) is None])


@router.get("/localities/{ident}")
async def locality_page(request: Request, db: Db, ident: Ident) -> Response:
    place = _found(db.cached(("locality", ident, SHOWN), lambda conn: views.locality(conn, ident, limit=SHOWN)), "locality", ident)
    return render(request, "locality.html", l=place)


@router.get("/organizations/{ident}")
async def organization_page(request: Request, db: Db, ident: Ident) -> Response:
    org = _found(db.cached(("organization", ident, SHOWN), lambda conn: views.organization(conn, ident, limit=SHOWN)), "organization", ident)
    return render(request, "organization.html", o=org)


# --- lists --------------------------------------------------------------------------------------------

def _fetch(view: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> download.Fetch:
    """view(*args, **kwargs, limit=, offset=) as a Fetch."""
    return lambda limit, offset: view(*args, limit=limit, offset=offset, **kwargs)


def _list(request: Request, kind: str, fetch: download.Fetch, offset: int, **filters: Any) -> Response:
    """A list's page, or all of it as CSV when the address ends in .csv."""
    if _wants_csv(request):
        return download.response(kind, f"presswatch-{kind}", download.paged(fetch))
    page = fetch(PAGE, offset)
    return render(request, "list.html", kind=kind, page=page, pager=_pager(request, page), filters=filters,
                  csv=_csv_url(request), capped=download.MAX_ROWS if page["total"] > download.MAX_ROWS else None)


@router.get("/articles")
@router.get("/articles.csv")
async def articles_page(request: Request, db: Db, directive: Text = None, locality: Text = None, person: Text = None,
                  event_type: EventType | None = None, offset: Offset = 0) -> Response:
    filters = Filters(directive or None, locality or None, person or None, event_type=event_type)
    return _list(request, "articles", _fetch(views.list_articles, db.conn(), filters), offset)


@router.get("/directives")
@router.get("/directives.csv")
async def directives_page(request: Request, db: Db, q: Text = None, offset: Offset = 0,
                    sort: Literal["articles", "date", "recent"] = "articles") -> Response:
    return _list(request, "directives", _fetch(views.list_directives, db.conn(), q=q or None, sort=sort), offset, q=q)


@router.get("/people")
@router.get("/people.csv")
async def people_page(request: Request, db: Db, q: Text = None, offset: Offset = 0) -> Response:
    return _list(request, "people", _fetch(views.list_people, db.conn(), q=q or None), offset, q=q)


@router.get("/localities")
@router.get("/localities.csv")
async def localities_page(request: Request, db: Db, q: Text = None, offset: Offset = 0) -> Response:
    return _list(request, "localities", _fetch(views.list_localities, db.conn(), q=q or None), offset, q=q)


@router.get("/organizations")
@router.get("/organizations.csv")
async def organizations_page(request: Request, db: Db, q: Text = None, offset: Offset = 0) -> Response:
    return _list(request, "organizations", _fetch(views.list_organizations, db.conn(), q=q or None), offset, q=q)


@router.get("/events")
@router.get("/events.csv")
async def events_page(request: Request, db: Db, type: EventType | None = None, chair: Text = None, locality: Text = None,
                directive: Text = None, offset: Offset = 0) -> Response:
    fetch = _fetch(views.list_events, db.conn(), type=type, chair=chair or None, locality=locality or None,
                   directive=directive or None)
    return _list(request, "events", fetch, offset, type=type)


@router.get("/statements")
@router.get("/statements.csv")
async def statements_page(request: Request, db: Db, type: StatementType | None = None, speaker: Text = None,
                          offset: Offset = 0) -> Response:
    fetch = _fetch(views.list_statements, db.conn(), type=type, speaker=speaker or None)
    return _list(request, "statements", fetch, offset, type=type)


@router.get("/contradictions")
@router.get("/contradictions.csv")
async def contradictions_page(request: Request, db: Db, offset: Offset = 0) -> Response:
    return _list(request, "contradictions", _fetch(views.list_contradictions, db.conn()), offset)


# --- upload -------------------------------------------------------------------------------------------

def _limit_text(limit: int) -> str:
    return f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit:,} B"


@router.get("/upload")
async def upload_form(request: Request) -> Response:
    settings = request.app.state.settings
    return render(request, "upload.html", writable=bool(settings.token), limit=_limit_text(settings.max_upload),
                  outcome=None, problem=None)


@router.post("/upload")
async def upload_submit(request: Request) -> Response:
    """The form's POST: the token is a field of the form, so the body is read (within the limit) first."""
    settings = request.app.state.settings
    context = {"writable": bool(settings.token), "limit": _limit_text(settings.max_upload), "outcome": None, "problem": None}
    try:
        if not settings.token:
            upload.check_token(None, None)
        sent = await upload.form(request, await upload.read_body(request, settings.max_upload))
        token = sent.get("token")
        upload.check_token(settings.token, token if isinstance(token, str) else None)
        file = sent.get("file")
        if file is None or isinstance(file, str):
            raise upload.UploadError(400, "upload_no_file")
        context["outcome"] = await upload.ingest_upload(settings.db, file.filename, await file.read())
    except upload.UploadError as exc:
        context["problem"] = exc.told(_language(request))
        return render(request, "upload.html", exc.status, **context)
    return render(request, "upload.html", **context)
