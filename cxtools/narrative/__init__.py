"""Everything a person reads: findings sentences and report tables, in the report's language."""
