"""Exports of both providers' data: flat rows, FOCUS 1.2 rows, and streaming writers.

Data sets (each a fixed tuple of :class:`Column`, rows as plain dicts, produced by generators):

- :func:`ncp_usage_rows` (:data:`NCP_USAGE_COLUMNS`): one row per NCP contract x product x usage;
- :func:`hyperstack_contract_rows` (:data:`HYPERSTACK_CONTRACT_COLUMNS`): one row per Hyperstack
  contract x discount plan (a contract without plans still gives one row);
- :func:`gpu_graph_rows` (:data:`GPU_GRAPH_COLUMNS`): one row per GPU allocation graph bucket;
- :func:`focus_rows` (:data:`FOCUS_COLUMNS`): both providers as FOCUS 1.2, see :mod:`.focus` and
  ``docs/focus.md``.

The two flat exports of API records end with the OpenAPI document's scalar properties that no documented
column reads (:mod:`.document_fields`), so a field added to a document is exported without a code change;
:func:`ncp_usage_columns` and :func:`hyperstack_contract_columns` give the columns for a document.

Writers (:mod:`.writers`) take rows as they come: CSV, JSON Lines, JSON, and Parquet (the ``parquet``
extra, pyarrow, imported only then). :func:`write_focus` does both steps for FOCUS.

Nothing here imports pyarrow, rich or the sandbox at import time.
"""

from __future__ import annotations

from cloudcontracts.exports.columns import (
    Column,
    ColumnKind,
    Row,
    Value,
    decimal_text,
    json_value,
    text_value,
)
from cloudcontracts.exports.focus import (
    focus_rows,
    focus_rows_from_hyperstack,
    focus_rows_from_hyperstack_billing,
    focus_rows_from_ncp,
    write_focus,
)
from cloudcontracts.exports.focus_columns import (
    FOCUS_1_3_COLUMNS,
    FOCUS_COLUMNS,
    FOCUS_EXTENSION_COLUMNS,
    FOCUS_MAPPING,
    FOCUS_STANDARD_COLUMNS,
    FOCUS_VERSION,
    FocusMapping,
    Source,
)
from cloudcontracts.exports.focus_contract_commitment import (
    CONTRACT_COMMITMENT_COLUMNS,
    CONTRACT_COMMITMENT_MAPPING,
    CONTRACT_COMMITMENT_STANDARD_COLUMNS,
    CommitmentMapping,
    contract_commitment_rows,
)
from cloudcontracts.exports.focus_ncp import kst_month_bounds
from cloudcontracts.exports.hyperstack_money_rows import (
    BILLING_COLUMNS,
    MACHINE_COLUMNS,
    PRICEBOOK_COLUMNS,
    UTILISATION_COLUMNS,
    UTILISATION_TABLE_COLUMNS,
    billing_rows,
    machine_rows,
    pricebook_rows,
    utilisation_rows,
)
from cloudcontracts.exports.hyperstack_rows import (
    GPU_GRAPH_COLUMNS,
    HYPERSTACK_CONTRACT_COLUMNS,
    HYPERSTACK_CONTRACT_TABLE_COLUMNS,
    gpu_graph_rows,
    hyperstack_contract_columns,
    hyperstack_contract_rows,
)
from cloudcontracts.exports.ncp_rows import (
    NCP_USAGE_COLUMNS,
    NCP_USAGE_TABLE_COLUMNS,
    ncp_usage_columns,
    ncp_usage_rows,
)
from cloudcontracts.exports.writers import (
    DEFAULT_BATCH_ROWS,
    CsvWriter,
    JsonLinesWriter,
    JsonWriter,
    ParquetWriter,
    RowWriter,
    arrow_schema,
    drain,
    open_text_writer,
    write_rows,
)

__all__ = [
    "BILLING_COLUMNS",
    "CONTRACT_COMMITMENT_COLUMNS",
    "CONTRACT_COMMITMENT_MAPPING",
    "CONTRACT_COMMITMENT_STANDARD_COLUMNS",
    "DEFAULT_BATCH_ROWS",
    "FOCUS_1_3_COLUMNS",
    "FOCUS_COLUMNS",
    "FOCUS_EXTENSION_COLUMNS",
    "FOCUS_MAPPING",
    "FOCUS_STANDARD_COLUMNS",
    "FOCUS_VERSION",
    "GPU_GRAPH_COLUMNS",
    "HYPERSTACK_CONTRACT_COLUMNS",
    "HYPERSTACK_CONTRACT_TABLE_COLUMNS",
    "MACHINE_COLUMNS",
    "NCP_USAGE_COLUMNS",
    "NCP_USAGE_TABLE_COLUMNS",
    "PRICEBOOK_COLUMNS",
    "UTILISATION_COLUMNS",
    "UTILISATION_TABLE_COLUMNS",
    "Column",
    "ColumnKind",
    "CommitmentMapping",
    "CsvWriter",
    "FocusMapping",
    "JsonLinesWriter",
    "JsonWriter",
    "ParquetWriter",
    "Row",
    "RowWriter",
    "Source",
    "Value",
    "arrow_schema",
    "billing_rows",
    "contract_commitment_rows",
    "decimal_text",
    "drain",
    "focus_rows",
    "focus_rows_from_hyperstack",
    "focus_rows_from_hyperstack_billing",
    "focus_rows_from_ncp",
    "gpu_graph_rows",
    "hyperstack_contract_columns",
    "hyperstack_contract_rows",
    "json_value",
    "kst_month_bounds",
    "machine_rows",
    "ncp_usage_columns",
    "ncp_usage_rows",
    "open_text_writer",
    "pricebook_rows",
    "text_value",
    "utilisation_rows",
    "write_focus",
    "write_rows",
]
