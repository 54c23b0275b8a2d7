"""The web server: one FastAPI app serving the JSON API (`/api/ask`, `/api/health`, `/docs`)
and the Chinese chat page (Gradio, mounted at `/`).

Modules, one job each: `engine` (the Answerer, loaded once, asked under a lock), `health` (index
status), `api` (HTTP routes and error bodies), `render` (escaped HTML/Markdown for the page),
`page` (the Gradio Blocks), `app` (puts them together). Nothing heavy is imported here.
"""
