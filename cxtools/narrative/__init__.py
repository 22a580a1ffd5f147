"""Everything a person reads: findings sentences, report tables with translated headers and cells, skip sentences."""
