"""`python -m landplan.demo [scenario.yaml [gis_dir]]` regenerates the shipped demo county."""

from landplan.demo import main

main()
