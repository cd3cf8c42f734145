"""Rendering: a large page written a part at a time is the same page, with the same ids and checksum."""

import io
import random

from patientsite.theme.render import STREAMED_BLOCK, Rendering, element_ids


def test_a_page_written_in_parts_has_the_ids_and_checksum_of_the_whole_page():
    entries = [f'<li id="source-{i}"><a href="../p{i}/#cite-{i}-1" aria-label="Page {i}, citation 1">a</a>'
               f"<span class='x' id='single-{i}'>text → {i}</span></li>\n" for i in range(3000)]
    html = "<ul>\n" + "".join(entries) + "</ul>\n"
    assert len(html) > 5 * STREAMED_BLOCK  # long enough to be written in several blocks
    rng = random.Random(1)
    cuts = sorted(rng.sample(range(1, len(html)), 5000))  # parts cut anywhere, inside tags and ids too
    parts = [html[start:end] for start, end in zip([0, *cuts], [*cuts, len(html)], strict=True)]
    written = io.BytesIO()
    streamed = Rendering.streamed("sources/", parts, written.write)
    whole = Rendering.of("sources/", html)
    assert written.getvalue() == html.encode("utf-8")
    assert streamed.checksum == whole.checksum
    assert set(streamed.ids) == set(whole.ids) == set(element_ids(html))
    assert len(streamed.ids) == 6000 and streamed.path == "sources/index.html" and streamed.html is None
