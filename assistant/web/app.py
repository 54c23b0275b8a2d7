"""One ASGI app: the JSON API and its docs first, then the Gradio chat page mounted at `/`, all
behind the request log, the browser guard and the body limit (outermost first)."""

from __future__ import annotations

import os

from assistant.web.shared_answerer import SharedAnswerer


def create_app(engine: SharedAnswerer, page: bool = True, allowed_hosts=(), log_questions: bool = False):
    """`allowed_hosts`: names besides loopback the server may be reached by (its --host)."""
    from fastapi import FastAPI

    from assistant.web.api import install_error_handlers, make_router
    from assistant.web.guard import LOOPBACK_NAMES, Guard
    from assistant.web.limits import BodyLimit
    from assistant.web.request_log import RequestLog

    app = FastAPI(title="清单问答 API", version="0.1.0", docs_url=None,
                  description="Cited answers over the 责任清单 responsibility lists of the corpus manifest. "
                              "Bad requests get 422 with `{\"error\": \"…\"}`. The chat page is at `/`.")
    install_error_handlers(app)
    _offline_docs(app)
    _bureaus_in_docs(app, engine)
    app.include_router(make_router(engine))
    if page:
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        import gradio as gr

        from assistant.web.page import PAGE_CSS, build_page

        app = gr.mount_gradio_app(app, build_page(engine, log_questions), path="/", footer_links=[], run_history=False,
                                  css=PAGE_CSS, ssr_mode=False, max_file_size=1024)
    return RequestLog(Guard(BodyLimit(app), (*LOOPBACK_NAMES, *allowed_hosts)), log_questions)


DOC_NAMES = 20  # bureaus named in /docs; a large corpus is summarised


def _bureaus_in_docs(app, engine) -> None:
    """The `bureau` field's documentation names the bureaus of the manifest being served."""
    plain = app.openapi

    def openapi() -> dict:
        schema = plain()
        bureaus = engine.bureaus()
        names = "、".join(b.short_name for b in bureaus[:DOC_NAMES]) + (f" … ({len(bureaus)} lists)" if len(bureaus) > DOC_NAMES else "")
        fields = schema.get("components", {}).get("schemas", {}).get("AskRequest", {}).get("properties", {})
        if fields.get("bureau") is not None:
            fields["bureau"]["description"] = f"全部 (default) or one of: {names}"
        if fields.get("place") is not None:
            fields["place"]["description"] += f"; the lists: {names}"
        return schema

    app.openapi = openapi


def _offline_docs(app) -> None:
    """/docs from the Swagger UI files of the swagger-ui-bundle package: no CDN is reachable here."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-static", StaticFiles(directory=swagger_ui_path), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="清单问答 API",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon-32x32.png")
