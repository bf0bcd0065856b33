"""The load benchmark's protocol client against a real server: it speaks Streamlit's websocket protocol as the front
end does (scripts/bench_load.py), so a Streamlit upgrade that changes the protocol fails here, not in a benchmark."""

import asyncio
import sys

from tests.servers import ROOT, clean_env, publish_sample, streamlit_app

sys.path.insert(0, str(ROOT / "scripts"))

import bench_load  # noqa: E402


async def _walk(base: str) -> tuple[dict[str, float], bench_load.ProtocolViewer]:
    viewer = bench_load.ProtocolViewer(base)
    try:
        await viewer.open(bench_load.SHARED)
        first = dict(viewer.widgets)
        await viewer.switch("gaps")
        return first, viewer
    finally:
        await viewer.close()


def test_a_protocol_viewer_opens_a_shared_url_and_switches_pages_as_a_browser_does(tmp_path):
    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    publish_sample(url)
    with streamlit_app(clean_env(KPI_DATABASE_URL=url), tmp_path / "app.log") as port:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(_walk(base))  # the server's first session runs in Streamlit's pages-folder mode: not this one
        widgets, viewer = asyncio.run(_walk(base))
        times = asyncio.run(bench_load._protocol_session(base, bench_load._set(asyncio.Event())))
    shown = {state.id.rsplit("-", 1)[1]: state.WhichOneof("value") and getattr(state, state.WhichOneof("value"))
             for state in widgets.values()}
    assert shown["period"] == "2025-H2" and shown["partner"] == "Northwind Media" and shown["habit"] == "Overall"
    assert list(shown["lang"].data) == ["English"]
    assert {"", "partner", "gaps"} <= set(viewer.pages)  # the default page (Overview) lives at /
    assert "partner=Northwind+Media" in viewer.query and viewer.cached
    assert list(times) == ["shared partner URL", "switch to Overview", "switch to Gaps"]
    assert all(0 < t < 60 for t in times.values())
