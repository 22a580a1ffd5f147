"""Everything a person reads: findings, report tables with translated headers, skip sentences, in the report's language."""
