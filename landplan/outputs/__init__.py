"""Outputs: the run folder, tables, spreadsheet and summary."""

from landplan.outputs.runfolder import RunFolder, new_run_dir
from landplan.outputs.tables import write_tables

__all__ = ["RunFolder", "new_run_dir", "write_tables"]
