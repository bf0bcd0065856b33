"""The column contract of every table, declared once.

    schema.py    the input tables' columns (kinds, aliases in English and French, descriptions),
                 value aliases, and the clean tables' columns and dtypes
    models.py    pandera models of the typed tables: the rules of METHODOLOGY §1 as checks
"""
