"""Application factory: ``create_app(test_config=None)``.

Settings come from :class:`webapp.settings.DefaultSettings`, then ``FLASK_*`` environment variables
(``app.config.from_prefixed_env()``), then ``test_config``. The archive itself is described by an
``archive.config.Config`` under the ``OUTAGES_CONFIG`` key (``outages serve`` passes the CLI's one);
without it the usual ``OUTAGES_*`` environment/file resolution applies.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from webapp import db
from webapp.settings import DefaultSettings, security_headers

log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the read-only web app."""
    app = Flask(__name__)
    app.config.from_object(DefaultSettings)
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    if app.config.get("OUTAGES_CONFIG") is None:
        from archive.config import load_config

        app.config["OUTAGES_CONFIG"] = load_config()
    app.json.sort_keys = False  # type: ignore[attr-defined]
    db.init_app(app)
    _register_blueprints(app)
    _register_handlers(app)
    _register_template_helpers(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from webapp.views import api, company, exports, feeds, incident, main, search

    for blueprint in (main.bp, search.bp, company.bp, incident.bp, api.bp, feeds.bp, exports.bp):
        app.register_blueprint(blueprint)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _register_handlers(app: Flask) -> None:
    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in security_headers(app.config).items():
            response.headers.setdefault(name, value)
        if request.method in {"GET", "HEAD"} and response.status_code == 200:
            response.headers.setdefault("Cache-Control", "public, max-age=60")
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        code = exc.code or 500
        message = exc.description or exc.name
        if _wants_json():
            return jsonify({"error": exc.name, "message": message, "status": code}), code
        return render_template("error.html", code=code, title=exc.name, message=message), code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        log.exception("unhandled error on %s", request.path)
        message = "Something went wrong on our side; the error was logged."
        if _wants_json():
            return jsonify({"error": "Internal Server Error", "message": message, "status": 500}), 500
        return render_template("error.html", code=500, title="Server error", message=message), 500


def _register_template_helpers(app: Flask) -> None:
    from webapp import formatting

    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals.update(formatting.GLOBALS)
