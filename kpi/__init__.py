"""Partnership KPI: read partnership spreadsheets, validate them, score the five habits.

Informed, Involved, Inspired, Interconnected, Improving, and the delivery gap.
This package never imports streamlit: everything the dashboard shows, the CLI and
the tests can compute.
"""

__version__ = "0.1.0"
