"""One FastAPI app: the JSON API and its docs first, then the Gradio chat page mounted at `/`."""

from __future__ import annotations

import os

from assistant.web.engine import Engine


def create_app(engine: Engine, page: bool = True):
    from fastapi import FastAPI

    from assistant.web.api import install_error_handlers, make_router

    app = FastAPI(title="清单问答 API", version="0.1.0",
                  description="Cited answers over five 责任清单 responsibility lists. "
                              "Bad requests get 422 with `{\"error\": \"…\"}`. The chat page is at `/`.")
    install_error_handlers(app)
    app.include_router(make_router(engine))
    if page:
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        import gradio as gr

        from assistant.web.page import PAGE_CSS, build_page

        app = gr.mount_gradio_app(app, build_page(engine), path="/", footer_links=[], run_history=False,
                                  css=PAGE_CSS, ssr_mode=False)
    return app
