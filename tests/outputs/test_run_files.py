"""summary.json's `files` names what the run folder holds, each file once, as declared
(runformat): a run whose after_write hook draws the map again (as `landplan run --online`
does) listed map.html and allocation.gpkg twice."""

from __future__ import annotations

import json

from landplan.outputs import runformat as F


def test_summary_lists_each_file_of_the_folder_once(run_folder):
    summary = json.loads((run_folder / F.SUMMARY.name).read_text(encoding="utf-8"))
    files = summary["files"]
    assert files == sorted(set(files))
    assert files.count(F.MAP.name) == files.count(F.GPKG.name) == 1
    written = [n for n in F.held(run_folder) if F.declared(n).presence != "added"]
    assert files == written
    assert F.missing(run_folder) == []
