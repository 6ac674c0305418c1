"""Pages of the QA framework, one module per part."""
