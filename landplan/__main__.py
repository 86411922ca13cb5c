from landplan.cli import app

app(prog_name="landplan")
