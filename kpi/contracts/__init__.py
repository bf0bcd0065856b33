"""The column contract of every table, declared once, in pandera models per stage.

    raw.py         raw stage: the input tables' columns as files give them (kind, header aliases in
                   English and French, required or not, description)
    models.py      clean stage: each raw model extended with dtypes, the derived columns and the
                   rules of METHODOLOGY §1 as checks
    scores.py      scores stage: the scores table of METHODOLOGY §7, and what the dashboard adds
    stage.py       the models' shared base, and a model's columns and dtypes in table order
    rules.py       the rules over several cells of a row as plain functions (the models call them), and
                   `holds`: a valid table told so without pandera
    compile.py     writes compiled.py from the models: `python -m kpi.contracts.compile` after changing one
    compiled.py    what reading, validating and scoring read of the models, as plain data (no pandera)
    vocabulary.py  the words a file may use for a value (sides, meeting types, yes/no, habits, N/A)
    schema.py      what the rest of kpi reads, derived from the models (through compiled.py): COLUMNS, CLEAN_COLUMNS,
                   empty_clean, column lookups, sheet names
"""
