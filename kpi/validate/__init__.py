"""From raw tables to clean tables and one validation report.

    values.py    parse cells as people type them (dates, decimal commas, yes/no, aliases), per column
    dataset.py   `load`: recognise each table, map its columns, parse, check the rules of
                 kpi.contracts.models, and return a `Dataset` (clean tables, report, row accounting)
"""
