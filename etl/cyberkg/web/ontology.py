"""The `/ontology` route: the ontology documentation of `cyberkg.outputs.ontodoc` as HTML by
default, or Turtle when the client prefers it (Accept or `format=`)."""

from __future__ import annotations


async def ontology_endpoint(request):
    """GET /ontology: HTML documentation, or Turtle when the client prefers it (Accept or format=).

    The HTML is rendered on first request in a thread (the event loop keeps serving) and cached.
    """
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    from ..outputs.ontodoc import ontology_html, ontology_turtle
    from . import protocol as P

    try:
        f = P.choose_format(request.headers.get("accept"), ("html", "ttl"), request.query_params.get("format"))
    except P.ProtocolError as e:
        return Response((e.message + "\n").encode("utf-8"), status_code=e.status, headers=e.headers,
                        media_type="text/plain; charset=utf-8")
    if f.key == "ttl":
        body = await run_in_threadpool(ontology_turtle)
    else:
        body = (await run_in_threadpool(ontology_html)).encode("utf-8")
    return Response(body, media_type=f.content_type, headers={"Vary": "Accept"})
