"""`landplan serve`: the planner's workbench, a local web application over a folder of
scenarios and runs. Pages are rendered on the server; the scenario file stays the single
source of truth and runs are the same run folders the command line writes."""
