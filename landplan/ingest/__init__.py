"""The bureau's own data in, as it comes, and the results back where the bureau keeps them.

- `init_scenario`: a first scenario from a folder of layers and workbooks (`landplan init`)
- `import_lists`: project, linkage, reclamation and town lists from Excel (`landplan
  import-projects`), by the alias table of Chinese headings in `aliases.py`
- `export_projects`: the same workbook back with the allocation filled in
- `check_target`, `postgis_after_write`, `write_run`: a run's tables and layers into a new
  PostGIS schema, in one transaction (`landplan run --to-postgis URL`)
- `scan_folder`, `recognise`: how layers are recognised, for tools that want the guesses

Reading layers from PostGIS (`postgresql://...?table=...`) is part of `landplan.layers.read_layer`.
"""

from landplan.errors import DatabaseError
from landplan.ingest.detect import recognise, scan_folder
from landplan.ingest.excel import RowProblem, SheetError, read_workbook
from landplan.ingest.export import ExportReport, export_projects
from landplan.ingest.importer import ImportReport, import_lists
from landplan.ingest.init import InitReport, init_scenario
from landplan.ingest.pgwrite import check_target, postgis_after_write, schema_for_run, write_run

__all__ = [
    "DatabaseError",
    "ExportReport",
    "ImportReport",
    "InitReport",
    "RowProblem",
    "SheetError",
    "check_target",
    "export_projects",
    "import_lists",
    "init_scenario",
    "postgis_after_write",
    "read_workbook",
    "recognise",
    "scan_folder",
    "schema_for_run",
    "write_run",
]
